"""Backups: one .tar.gz with the database and the uploaded files, restored identical; a
corrupt or foreign archive is refused and changes nothing.

The round trips run on scratch databases (a SQLite file, a PostgreSQL database created and
dropped here) through greenplan.ops.backup; the commands themselves run in a subprocess
against a temporary VAR_DIR, as an operator runs them.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from greenplan.ops.backup import (
    MANIFEST,
    BackupError,
    backup_create,
    backup_restore,
    register_django_functions,
    sha256_of,
)

ROOT = Path(__file__).resolve().parents[3]
# As Django's migrations write it: a CHECK calling REGEXP, a function only Django's connections know.
SCHEMA = """
CREATE TABLE unit (id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL CHECK (code REGEXP '^[A-Z0-9-]+$'),
                   name TEXT NOT NULL);
CREATE TABLE value (id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES unit(id), amount NUMERIC, note TEXT);
"""
UNITS = [(1, "HP", "LĐLĐ thành phố Hải Phòng"), (2, "HP-A", "Công đoàn phường Hồng Bàng"), (3, "HP-A-01", "CĐCS Cảng")]
VALUES = [(i, 1 + i % 3, f"{i * 1234.5:.1f}", "ghi chú " + "ư" * (i % 7)) for i in range(1, 301)]
MEDIA = {
    "activities/2025/bao-cao.pdf": b"%PDF-1.4 " + bytes(range(256)) * 40,
    "practices/ảnh chụp.png": b"\x89PNG\r\n\x1a\n" + os.urandom(5000),
    "jobs/empty.xlsx": b"",
}


def rows(connect) -> dict[str, list[tuple]]:
    with connect() as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT id, code, name FROM unit ORDER BY id")
        units = [tuple(row) for row in cursor.fetchall()]
        cursor.execute("SELECT id, unit_id, CAST(amount AS TEXT), note FROM value ORDER BY id")
        values = [tuple(row) for row in cursor.fetchall()]
    return {"unit": units, "value": values}


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def write_media(root: Path) -> None:
    for name, content in MEDIA.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)


def change_media(root: Path) -> None:
    """What happens after a backup: a file replaced, one deleted, one added."""
    (root / "activities/2025/bao-cao.pdf").write_bytes(b"%PDF-1.4 changed")
    (root / "jobs/empty.xlsx").unlink()
    (root / "later/new.txt").parent.mkdir(parents=True)
    (root / "later/new.txt").write_text("thêm sau")


@pytest.fixture
def sqlite_site(tmp_path):
    """A SQLite file in WAL mode as greenplan runs it, with rows, and a MEDIA_ROOT with files."""
    path = tmp_path / "var" / "db.sqlite3"
    path.parent.mkdir()
    with sqlite3.connect(path) as conn:
        register_django_functions(conn)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)
        conn.executemany("INSERT INTO unit VALUES (?, ?, ?)", UNITS)
        conn.executemany("INSERT INTO value VALUES (?, ?, ?, ?)", VALUES)
    conn.close()
    media = tmp_path / "var" / "media"
    write_media(media)
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    return database, media, lambda: sqlite3.connect(path)


def sqlite_change(connect) -> None:
    conn = connect()
    register_django_functions(conn)
    with conn:
        conn.execute("DELETE FROM value WHERE id > 100")
        conn.execute("UPDATE unit SET name = 'đổi tên' WHERE id = 2")
        conn.execute("INSERT INTO unit VALUES (4, 'HP-B', 'sau sao lưu')")
    conn.close()


def test_sqlite_round_trip_restores_the_rows_and_files_identical(sqlite_site, tmp_path):
    database, media, connect = sqlite_site
    before_rows, before_files = rows(connect), tree(media)
    messages: list[str] = []
    # Another connection holds the file open (as the server does) while the backup reads it.
    holder = connect()
    holder.execute("SELECT count(*) FROM value").fetchone()
    archive = backup_create(tmp_path / "backups", database=database, media_root=media, progress=messages.append)
    holder.close()
    assert archive.name.startswith("greenplan-backup-") and archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes, personal data
    assert messages, "long work prints progress"
    assert not list((tmp_path / "backups").glob(".backup-*")), "no work directory left behind"

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        names = sorted(tar.getnames())
    assert manifest["format"] == "greenplan-backup" and manifest["version"] == 1 and manifest["engine"] == "sqlite"
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert sorted(listed) == sorted(["database/db.sqlite3"] + [f"media/{n}" for n in MEDIA])
    assert names == sorted([MANIFEST, *listed])
    photo = "practices/ảnh chụp.png"
    assert listed[f"media/{photo}"]["sha256"] == hashlib.sha256(MEDIA[photo]).hexdigest()

    sqlite_change(connect)
    change_media(media)
    assert rows(connect) != before_rows and tree(media) != before_files

    modes = (Path(database["NAME"]).stat().st_mode, media.stat().st_mode)
    backup_restore(archive, database=database, media_root=media, progress=messages.append)
    assert (Path(database["NAME"]).stat().st_mode, media.stat().st_mode) == modes
    assert rows(connect) == before_rows
    assert tree(media) == before_files
    conn = connect()
    register_django_functions(conn)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert sorted(p.name for p in (tmp_path / "var").iterdir() if p.name.startswith(".")) == []


def rebuild(archive: Path, target: Path, *, change=None, extra: tuple[str, bytes] | None = None,
            manifest_edit=None) -> Path:
    """A copy of `archive` with one member's bytes changed, one member added or the manifest edited."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST and manifest_edit:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            elif change and member.name == change:
                data = data[:-1] + bytes([data[-1] ^ 1]) if data else b"x"
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
        if extra:
            info = tarfile.TarInfo(extra[0])
            info.size = len(extra[1])
            out.addfile(info, io.BytesIO(extra[1]))
    return target


def foreign_tar(target: Path) -> Path:
    with tarfile.open(target, "w:gz") as out:
        info = tarfile.TarInfo("etc/passwd")
        info.size = 4
        out.addfile(info, io.BytesIO(b"root"))
    return target


BAD_ARCHIVES = {
    "a changed media file": (lambda a, t: rebuild(a, t, change="media/practices/ảnh chụp.png"),
                             "mã kiểm tra của tệp media/practices/ảnh chụp.png không khớp"),
    "a changed database": (lambda a, t: rebuild(a, t, change="database/db.sqlite3"),
                           "mã kiểm tra của tệp database/db.sqlite3 không khớp"),
    "an unlisted file": (lambda a, t: rebuild(a, t, extra=("media/evil.html", b"<script>")),
                         "tệp lạ trong bản sao lưu: media/evil.html"),
    "a path out of the archive": (lambda a, t: rebuild(a, t, extra=("../../escaped.txt", b"x")),
                                  "tệp lạ trong bản sao lưu: ../../escaped.txt"),
    "a missing file": (lambda a, t: rebuild(a, t, manifest_edit=lambda m: m["files"].append(
        {"path": "media/gone.pdf", "size": 1, "sha256": "0" * 64})), "thiếu tệp media/gone.pdf"),
    "another engine": (lambda a, t: rebuild(a, t, manifest_edit=lambda m: m.update(engine="postgresql")),
                       "bản sao lưu của cơ sở dữ liệu postgresql, máy chủ này dùng sqlite"),
    "a later format version": (lambda a, t: rebuild(a, t, manifest_edit=lambda m: m.update(version=2)),
                               "phiên bản 2 của bản sao lưu không được hỗ trợ"),
    "a foreign tar": (lambda a, t: foreign_tar(t), "đây không phải bản sao lưu của greenplan"),
    "truncated bytes": (lambda a, t: t.write_bytes(a.read_bytes()[: a.stat().st_size // 2]) and t,
                        "không đọc được tệp nén"),
    "not an archive": (lambda a, t: t.write_bytes(b"PK\x03\x04 not a tar") and t, "không đọc được tệp nén"),
}


@pytest.mark.parametrize("case", BAD_ARCHIVES)
def test_a_corrupt_or_foreign_archive_is_refused_in_vietnamese_and_changes_nothing(case, sqlite_site, tmp_path):
    database, media, connect = sqlite_site
    archive = backup_create(tmp_path / "backups", database=database, media_root=media)
    sqlite_change(connect)
    change_media(media)
    now_rows, now_files = rows(connect), tree(media)
    db_bytes = sha256_of(Path(database["NAME"]))
    make, message = BAD_ARCHIVES[case]
    bad = make(archive, tmp_path / "bad.tar.gz")

    with pytest.raises(BackupError) as refused:
        backup_restore(bad, database=database, media_root=media)
    assert str(refused.value).startswith("Tệp sao lưu không hợp lệ, không có gì bị thay đổi: ")
    assert message in str(refused.value)
    assert rows(connect) == now_rows and tree(media) == now_files
    assert sha256_of(Path(database["NAME"])) == db_bytes
    assert not (tmp_path / "escaped.txt").exists()
    assert sorted(p.name for p in (tmp_path / "var").iterdir() if p.name.startswith(".")) == []


def test_restore_without_yes_refuses_and_changes_nothing(tmp_path):
    with pytest.raises(CommandError, match="chạy lại với --yes để xác nhận"):
        call_command("restore", str(tmp_path / "any.tar.gz"))


def run_manage(var: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(var), "LANG": "C.UTF-8", "VAR_DIR": str(var),
           "SECRET_KEY": "backup-test-secret-key-0123456789-0123456789", "DJANGO_SETTINGS_MODULE": "greenplan.settings"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_commands_back_up_and_restore_the_sites_var_dir(sqlite_site, tmp_path):
    database, media, connect = sqlite_site  # var/db.sqlite3 and var/media: the defaults of VAR_DIR
    var = tmp_path / "var"
    before_rows, before_files = rows(connect), tree(media)

    made = run_manage(var, "backup", "--output", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip().splitlines()[-1])
    assert archive.parent == tmp_path / "out" and archive.is_file()
    assert "Đang sao lưu cơ sở dữ liệu (sqlite)" in made.stderr

    sqlite_change(connect)
    change_media(media)
    refused = run_manage(var, "restore", str(archive))
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert rows(connect) != before_rows

    done = run_manage(var, "restore", str(archive), "--yes")
    assert done.returncode == 0, done.stderr
    assert "Đã khôi phục bản sao lưu lúc" in done.stderr
    assert rows(connect) == before_rows and tree(media) == before_files

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"garbage")
    bad = run_manage(var, "restore", str(garbage), "--yes")
    assert bad.returncode != 0 and "Tệp sao lưu không hợp lệ, không có gì bị thay đổi" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert rows(connect) == before_rows


# --- PostgreSQL: a scratch database on the server the tests use (or the local one) -------------

def postgres_server() -> dict:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        return {"host": db["HOST"] or "127.0.0.1", "port": int(db["PORT"] or 5432), "user": db["USER"] or "postgres",
                "password": db["PASSWORD"] or None}
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": None}


@pytest.fixture
def postgres_site(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    server = postgres_server()
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **server)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL answers")
    name = f"greenplan_backup_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        def connect():
            return psycopg.connect(dbname=name, **server)

        with connect() as conn:
            conn.execute("CREATE TABLE unit (id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL, name TEXT NOT NULL)")
            conn.execute("CREATE TABLE value (id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES unit(id), "
                         "amount NUMERIC(20, 4), note TEXT)")
            conn.cursor().executemany("INSERT INTO unit VALUES (%s, %s, %s)", UNITS)
            conn.cursor().executemany("INSERT INTO value VALUES (%s, %s, %s, %s)", VALUES)
        media = tmp_path / "media"
        write_media(media)
        database = {"ENGINE": "django.db.backends.postgresql", "NAME": name, "HOST": server["host"],
                    "PORT": server["port"], "USER": server["user"], "PASSWORD": server["password"] or ""}
        yield database, media, connect
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_postgresql_round_trip_restores_the_rows_and_files_identical(postgres_site, tmp_path):
    database, media, connect = postgres_site
    before_rows, before_files = rows(connect), tree(media)
    archive = backup_create(tmp_path / "backups", database=database, media_root=media)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        assert tar.extractfile("database/db.pgdump").read(5) == b"PGDMP"  # pg_dump's custom format
    assert manifest["engine"] == "postgresql"

    with connect() as conn:
        conn.execute("DELETE FROM value WHERE id > 100")
        conn.execute("UPDATE unit SET name = 'đổi tên' WHERE id = 2")
        conn.execute("CREATE TABLE later (id INTEGER)")
    change_media(media)

    backup_restore(archive, database=database, media_root=media)
    assert rows(connect) == before_rows
    assert tree(media) == before_files

    with pytest.raises(BackupError, match="máy chủ này dùng postgresql"):
        backup_restore(rebuild(archive, tmp_path / "x.tar.gz", manifest_edit=lambda m: m.update(engine="sqlite")),
                       database=database, media_root=media)
