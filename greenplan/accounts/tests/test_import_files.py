"""The account import takes only a real .xlsx, checked by its bytes before openpyxl reads it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.accounts.importers import users_import_xlsx
from greenplan.accounts.models import Role
from greenplan.testing.files import docx_bytes, pdf_bytes, zip_bomb_bytes
from greenplan.testing.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("content", [
    zip_bomb_bytes("xl/workbook.xml"), docx_bytes(), pdf_bytes(),
], ids=["xlsx-zip-bomb", "docx-named-xlsx", "pdf-named-xlsx"])
def test_it_refuses_content_that_is_not_a_workbook_naming_the_file(tree, content, monkeypatch):
    from greenplan.accounts import importers

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a file refused by its bytes")

    monkeypatch.setattr(importers, "load_workbook", never)
    admin_a = make_user("admin_a", tree.a, Role.ADMIN)
    result = users_import_xlsx(actor=admin_a, file=SimpleUploadedFile("danh-sach.xlsx", content))
    assert not result.ok and result.errors[0].row is None
    assert "danh-sach.xlsx" in result.errors[0].message
