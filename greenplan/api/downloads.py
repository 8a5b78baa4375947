"""Tables of the API as files: the same exporters the pages use (greenplan.lib.exporters).

An endpoint ending in `.{fmt}` answers the file; its OpenAPI entry documents the two binary
media types of the 200 answer (the errors stay JSON, added by `openapi.document_errors`).
"""

from typing import Annotated, Any, Literal

from ninja import Path

from greenplan.lib.exporters import CONTENT_TYPES, XLSX

FileFormat = Annotated[Literal["xlsx", "csv"], Path(description="`xlsx` (Excel workbook) or `csv` (UTF-8 with a BOM).")]

_BINARY = {"schema": {"type": "string", "format": "binary"}}


def file_answer(what: str) -> dict[str, Any]:
    """`openapi_extra` of an endpoint that answers a table as .xlsx or .csv."""
    return {
        "responses": {
            200: {
                "description": f"{what} as an Excel workbook or as CSV (UTF-8 with a BOM; cells starting with "
                "= + - @ are prefixed with an apostrophe so they never run as formulas).",
                "content": {CONTENT_TYPES[XLSX]: _BINARY, "text/csv": _BINARY},
            }
        }
    }
