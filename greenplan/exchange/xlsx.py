"""A small reader of .xlsx cells: what an import needs of a template, and nothing else.

openpyxl, even read-only, builds an object per cell and style: ≈ 70 ms for a template, most of
an import of 1,000 files. This reads the few parts a template needs (the workbook's sheet list,
its relationships, the shared strings and one sheet's rows up to a bound) with ElementTree in a
few milliseconds. Cell values come back as Excel stores them: numbers as int or float, text
(shared, inline or a formula's text result) as str, booleans as bool, errors as their text,
ISO dates (`t="d"`) as datetime; `formula` says whether the cell holds a formula. A date that
Excel stores as a styled number stays a number here (no styles are read): the value cells'
validation keeps dates out, and such a number is checked against the indicator's bounds.

The caller has already checked the bytes with `greenplan.lib.files.check_upload` (a real zip
within size bounds). expat does not load external entities and bounds entity expansion.
"""

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


class Unreadable(ValueError):
    """The package is not a workbook this reader understands."""


@dataclass(frozen=True)
class Cell:
    value: Any
    formula: bool = False


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _text(element: ElementTree.Element) -> str:
    """All text runs of a string item (<t>, or rich text <r><t>), phonetic hints (<rPh>) left out."""
    if element.tag == f"{MAIN}t":
        return element.text or ""
    return "".join(_text(child) for child in element if child.tag in (f"{MAIN}t", f"{MAIN}r"))


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


class Workbook:
    def __init__(self, data: bytes):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            workbook = ElementTree.fromstring(self.archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(self.archive.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError, EOFError) as exc:
            raise Unreadable(str(exc)) from exc
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PACKAGE_REL}Relationship")}
        self.sheets: dict[str, str] = {}
        for sheet in workbook.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{REL}id"), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.sheets[sheet.get("name", "")] = path
        self._shared: list[str] | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def shared(self) -> list[str]:
        if self._shared is None:
            try:
                root = ElementTree.fromstring(self.archive.read("xl/sharedStrings.xml"))
            except KeyError:
                root = None
            self._shared = [_text(item) for item in root.iter(f"{MAIN}si")] if root is not None else []
        return self._shared

    def _value(self, cell: ElementTree.Element) -> Any:
        kind = cell.get("t", "n")
        v = cell.find(f"{MAIN}v")
        text = v.text if v is not None and v.text is not None else None
        if kind == "inlineStr":
            inline = cell.find(f"{MAIN}is")
            return _text(inline) if inline is not None else ""
        if text is None:
            return None
        if kind == "s":
            return self.shared()[int(text)]
        if kind == "b":
            return text.strip() == "1"
        if kind == "d":  # an ISO 8601 date, as LibreOffice may store one
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                return text
        if kind in ("str", "e"):
            return text
        return _number(text)

    def rows(self, name: str, max_row: int, max_col: int) -> dict[int, dict[int, Cell]]:
        """{row number: {column number: Cell}} of sheet `name`, rows 1 to `max_row`, columns 1 to `max_col`."""
        found: dict[int, dict[int, Cell]] = {}
        try:
            with self.archive.open(self.sheets[name]) as part:
                number = 0
                for _event, element in ElementTree.iterparse(part, events=("end",)):
                    if element.tag != f"{MAIN}row":
                        continue
                    number = int(element.get("r") or number + 1)  # `r` may be left out: the next row
                    if number > max_row:
                        break
                    cells: dict[int, Cell] = {}
                    for position, cell in enumerate(element.iter(f"{MAIN}c"), start=1):
                        match = REFERENCE.fullmatch(cell.get("r", ""))
                        column = column_index(match.group(1)) if match else position
                        if column <= max_col:
                            cells[column] = Cell(self._value(cell), cell.find(f"{MAIN}f") is not None)
                    found[number] = cells
                    element.clear()
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, IndexError, OSError, EOFError) as exc:
            raise Unreadable(str(exc)) from exc
        return found

    def close(self) -> None:
        self.archive.close()
