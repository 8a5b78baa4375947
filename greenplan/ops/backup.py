"""One archive (.tar.gz) with the database and the uploaded files, and its restore.

The archive holds `manifest.json` (format, version, time, engine, every file with its size and
sha256), the database (`database/db.sqlite3` from SQLite's online backup API, or
`database/db.pgdump` from `pg_dump -Fc`) and MEDIA_ROOT under `media/`.

A restore reads and checks the whole archive first — a known format and version, the same
engine, no path outside the archive, no link, every listed file present with its checksum and
nothing unlisted — in a temporary directory; only then does it replace the database and the
files. A corrupt or foreign archive changes nothing.

Both work on an explicit database settings dict and media directory, so the tests can point
them at a scratch database; the management commands pass the project's.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from django.db.backends.sqlite3._functions import register as register_django_functions  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "greenplan-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
DUMP_NAMES = {SQLITE: "database/db.sqlite3", POSTGRESQL: "database/db.pgdump"}
ENGINES = {"django.db.backends.sqlite3": SQLITE, "django.db.backends.postgresql": POSTGRESQL}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


def _quiet(message: str) -> None:
    pass


def engine_of(database: Mapping[str, Any]) -> str:
    engine = ENGINES.get(database["ENGINE"])
    if engine is None:
        raise BackupError(_("Chỉ sao lưu được cơ sở dữ liệu SQLite hoặc PostgreSQL."))
    return engine


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's environment for pg_dump / pg_restore: the password never appears in argv."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if database.get(key):
            env[name] = str(database[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(_("Lệnh %(command)s không thành công: %(error)s")
                          % {"command": command[0], "error": done.stderr.strip()[-2000:]})


def _dump_database(database: Mapping[str, Any], target: Path) -> None:
    if engine_of(database) == SQLITE:
        source = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # the online backup API: a consistent copy while others write
        finally:
            copy.close()
            source.close()
        return
    _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(target)], _pg_env(database))


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())


def backup_create(directory: Path, *, database: Mapping[str, Any], media_root: Path,
                  progress: Progress = _quiet) -> Path:
    """Write greenplan-backup-<time>.tar.gz into `directory`; return its path."""
    engine = engine_of(database)
    directory.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    archive = directory / f"greenplan-backup-{now.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        dump = Path(work) / "dump"
        progress(_("Đang sao lưu cơ sở dữ liệu (%(engine)s)…") % {"engine": engine})
        _dump_database(database, dump)
        entries = [(DUMP_NAMES[engine], dump)]
        files = _media_files(media_root)
        entries += [(f"media/{path.relative_to(media_root).as_posix()}", path) for path in files]
        progress(_("Đang tính mã kiểm tra cho %(count)s tệp…") % {"count": len(entries)})
        manifest = {
            "format": FORMAT, "version": VERSION, "created_at": now.isoformat(), "engine": engine,
            "files": [{"path": name, "size": path.stat().st_size, "sha256": sha256_of(path)}
                      for name, path in entries],
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = archive.with_name(archive.name + ".part")
        # Readable by its owner only: the archive holds password hashes and personal data.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw, \
                tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            for number, (name, path) in enumerate(entries, 1):
                tar.add(path, arcname=name, recursive=False)
                if number % 500 == 0:
                    progress(_("Đã ghi %(done)s/%(total)s tệp") % {"done": number, "total": len(entries)})
        os.replace(partial, archive)  # never a half-written archive under the final name
    progress(_("Đã sao lưu vào %(path)s") % {"path": archive})
    return archive


def _refuse(reason: str) -> BackupError:
    return BackupError(_("Tệp sao lưu không hợp lệ, không có gì bị thay đổi: %(reason)s") % {"reason": reason})


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        stream = tar.extractfile(member)
        manifest = json.loads(stream.read().decode("utf-8")) if stream else None
    except (KeyError, ValueError):
        raise _refuse(_("thiếu hoặc hỏng tệp mô tả (manifest.json) — đây không phải bản sao lưu của "
                        "greenplan")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not isinstance(manifest.get("files"), list):
        raise _refuse(_("đây không phải bản sao lưu của greenplan"))
    if manifest.get("version") != VERSION:
        raise _refuse(_("phiên bản %(version)s của bản sao lưu không được hỗ trợ")
                      % {"version": manifest.get("version")})
    return manifest


def _extract_checked(archive: Path, engine: str, work: Path, progress: Progress) -> dict[str, Any]:
    """Extract into `work` and check everything; raise BackupError before any change."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = _read_manifest(tar)
            if manifest.get("engine") != engine:
                raise _refuse(_("bản sao lưu của cơ sở dữ liệu %(theirs)s, máy chủ này dùng %(ours)s")
                              % {"theirs": manifest.get("engine"), "ours": engine})
            listed: dict[str, dict[str, Any]] = {
                str(entry.get("path")): entry for entry in manifest["files"] if isinstance(entry, dict)}
            if len(listed) != len(manifest["files"]) or DUMP_NAMES[engine] not in listed:
                raise _refuse(_("danh sách tệp trong manifest.json không đúng"))
            seen: set[str] = set()
            for member in tar:
                if member.name == MANIFEST or member.isdir():
                    continue
                if not member.isfile() or not _safe_name(member.name) or member.name not in listed \
                        or member.name in seen:
                    raise _refuse(_("tệp lạ trong bản sao lưu: %(name)s") % {"name": member.name})
                seen.add(member.name)
                target = work / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                stream = tar.extractfile(member)
                assert stream is not None
                with target.open("wb") as out:
                    shutil.copyfileobj(stream, out, CHUNK)
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise _refuse(_("không đọc được tệp nén (%(error)s)") % {"error": error}) from None
    missing = sorted(set(listed) - seen)
    if missing:
        raise _refuse(_("thiếu tệp %(name)s") % {"name": missing[0]})
    progress(_("Đang kiểm tra mã kiểm tra của %(count)s tệp…") % {"count": len(listed)})
    for name, entry in listed.items():
        if sha256_of(work / name) != entry.get("sha256"):
            raise _refuse(_("mã kiểm tra của tệp %(name)s không khớp") % {"name": name})
    return manifest


def _restore_sqlite(database: Mapping[str, Any], dump: Path) -> None:
    target = Path(database["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".restore-", suffix=".sqlite3", delete=False) as tmp:
        temp = Path(tmp.name)
    try:
        shutil.copyfile(dump, temp)
        if target.exists():
            shutil.copymode(target, temp)  # the temporary file was made owner-only
        check = sqlite3.connect(temp)
        try:
            # The CHECK constraints call the functions Django adds to SQLite (REGEXP).
            register_django_functions(check)
            if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise _refuse(_("cơ sở dữ liệu trong bản sao lưu bị hỏng"))
        except sqlite3.Error:
            raise _refuse(_("cơ sở dữ liệu trong bản sao lưu bị hỏng")) from None
        finally:
            check.close()
        # The old file's write-ahead log belongs to the old file: left beside the new one, SQLite
        # would replay it into the restored database.
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _restore_postgresql(database: Mapping[str, Any], dump: Path) -> None:
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", "-d", str(database["NAME"]), str(dump)], _pg_env(database))


def _restore_media(source: Path, media_root: Path) -> None:
    """Swap the restored tree in by renames on the same disk; the old one goes last."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".media-restore-"))
    if source.is_dir():
        shutil.copytree(source, fresh, dirs_exist_ok=True)
    if media_root.exists():
        shutil.copymode(media_root, fresh)  # mkdtemp made it owner-only
    old = media_root.parent / f".media-old-{fresh.name.rsplit('-', 1)[-1]}"
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(fresh, media_root)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(archive: Path, *, database: Mapping[str, Any], media_root: Path,
                   progress: Progress = _quiet) -> dict[str, Any]:
    """Replace the database and MEDIA_ROOT with the archive's; return its manifest.

    The caller closes its own database connections first (and the server and worker should
    be stopped: a SQLite file is replaced under them).
    """
    engine = engine_of(database)
    if not archive.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": archive})
    work_parent = Path(database["NAME"]).parent if engine == SQLITE else media_root.parent
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_parent, prefix=".restore-") as work:
        progress(_("Đang đọc và kiểm tra bản sao lưu…"))
        manifest = _extract_checked(archive, engine, Path(work), progress)
        progress(_("Đang khôi phục cơ sở dữ liệu…"))
        dump = Path(work) / DUMP_NAMES[engine]
        if engine == SQLITE:
            _restore_sqlite(database, dump)
        else:
            _restore_postgresql(database, dump)
        progress(_("Đang khôi phục tệp tải lên…"))
        _restore_media(Path(work) / "media", media_root)
    created = manifest.get("created_at", "")
    try:
        created = timezone.localtime(datetime.datetime.fromisoformat(created)).strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        pass
    progress(_("Đã khôi phục bản sao lưu lúc %(time)s.") % {"time": created})
    return manifest
