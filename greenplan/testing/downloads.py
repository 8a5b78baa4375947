"""Reading the CSV and XLSX files that pages and the API send back."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[tuple]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return list(ws.iter_rows(values_only=True))


def number(text) -> Decimal | None:
    return None if text in ("", None) else Decimal(str(text))
