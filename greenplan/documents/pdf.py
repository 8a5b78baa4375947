"""PDF from the generated .docx with LibreOffice headless (Debian's libreoffice-writer-nogui).

Each conversion runs with its own temporary LibreOffice profile (two at once would otherwise
fight over one) and a time limit. Where soffice is not installed, `ConverterMissing` lets the
caller answer 503 while the .docx still works.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class ConverterMissing(Exception):
    """No LibreOffice on this server."""


class ConversionFailed(Exception):
    """LibreOffice ran but gave no PDF (crashed or too slow)."""


def soffice_path() -> str | None:
    """Where LibreOffice's `soffice` is, or None (tests hide it by replacing this function)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes) -> bytes:
    binary = soffice_path()
    if binary is None:
        raise ConverterMissing
    with tempfile.TemporaryDirectory(prefix="greenplan-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(content)
        profile = (folder / "profile").as_uri()
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS, cwd=folder)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ConversionFailed(str(exc)) from exc
        result = folder / "document.pdf"
        if not result.exists():
            raise ConversionFailed("no PDF written")
        return result.read_bytes()
