"""The Excel round-trip through the API: download a template, fill it with openpyxl, upload it,
read the values back; and every bad input of issue #11, each refused with nothing imported."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from greenplan.audit.models import LogEntry
from greenplan.reporting.models import Indicator, Period, Report
from greenplan.reporting.services import report_save, report_submit, stored_values
from greenplan.testing.factories import full_values
from greenplan.testing.files import xlsx_bytes, zip_bomb_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def api(tree, period, bearer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()

    def call(method, url, user=None, **kwargs):
        headers = bearer(user or tree.users.reporter_a1, **kwargs.pop("headers", {}))
        return getattr(client, method)(f"/api/v1{url}", headers=headers, **kwargs)

    return call


def template(api, unit="HP-A-01", period="2026H1", user=None) -> bytes:
    response = api("get", f"/reports/{unit}/{period}/template.xlsx", user=user)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX
    return response.content


def columns(sheet):
    """The header row (found by its «Mã chỉ tiêu» cell) and the columns of code and value, as a
    program that knows only the contract would find them."""
    for row in sheet.iter_rows():
        texts = [cell.value for cell in row]
        if "Mã chỉ tiêu" in texts:
            return row[0].row, texts.index("Mã chỉ tiêu") + 1, texts.index("Số liệu") + 1
    raise AssertionError("no header row")


def fill(content: bytes, values: dict, edit=None) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header, code_col, value_col = columns(sheet)
    for row in range(header + 1, sheet.max_row + 1):
        code = sheet.cell(row, code_col).value
        if code in values:
            sheet.cell(row, value_col).value = values[code]
    if edit:
        edit(workbook, sheet, header, code_col, value_col)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(api, *files, user=None, **data):
    parts = [(name, io.BytesIO(content)) for name, content in files]
    for (name, handle) in parts:
        handle.name = name
    response = api("post", "/imports", user=user, data={"files": [h for _n, h in parts], **data})
    assert response.status_code == 202, response.content
    body = response.json()
    assert set(body) >= {"id", "status", "progress", "errors"}
    # The test backend runs the job at once; read it back as a client would.
    again = api("get", f"/imports/{body['id']}", user=user)
    assert again.status_code == 200
    return again.json()


def report_values(api, unit="HP-A-01", period="2026H1", user=None):
    response = api("get", f"/reports/{unit}/{period}", user=user)
    assert response.status_code == 200
    return response.json()


def row_of(content: bytes, code: str) -> int:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header, code_col, _value_col = columns(sheet)
    return next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, code_col).value == code)


# --- the round trip -----------------------------------------------------------------------------------


def test_a_filled_template_comes_back_through_the_api(api, tree):
    filled = fill(template(api), {"MEMBERS": 130, "WORKERS": 160, "G3_SESSIONS": 5, "G5_SELF_SCORE": 87.5})
    job = upload(api, ("hp-a-01.xlsx", filled))
    assert job["status"] == "done", job
    assert job["progress"] == 100 and job["errors"] == []
    assert [row["unit"] for row in job["imported"]] == ["HP-A-01"]
    report = report_values(api)
    assert report["values"]["MEMBERS"] == 130
    assert report["values"]["WORKERS"] == 160
    assert report["values"]["G3_SESSIONS"] == 5
    assert report["values"]["G5_SELF_SCORE"] == 87.5
    assert report["status"] == "draft" and report["version"] == 1


def test_the_import_is_the_typed_save_audited_under_the_uploader(api, tree, period):
    upload(api, ("a.xlsx", fill(template(api), {"MEMBERS": 42})))
    entry = LogEntry.objects.filter(action="report.saved").get()
    assert entry.actor == tree.users.reporter_a1
    assert {"field": "MEMBERS", "old": None, "new": "42"} in entry.data["changes"]
    assert Report.objects.get(unit=tree.a1, period=period).events.get().kind == "saved"


def test_the_template_is_prefilled_typed_and_protected(api, tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                values={"MEMBERS": 120, "WORKERS": 150, "G7_PROCUREMENT_TOTAL": 100, "G7_PROCUREMENT_GREEN": 40})
    content = template(api)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header, code_col, value_col = columns(sheet)
    assert header == 1  # the first row is the header: a program reading row 1 finds both columns
    headers = [c.value for c in sheet[header]]
    assert {"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Số liệu", "Hướng dẫn"} <= set(headers)
    rows = {sheet.cell(r, code_col).value: r for r in range(header + 1, sheet.max_row + 1)}
    catalogue = list(Indicator.objects.filter(retired_at__isnull=True).order_by("group", "order", "code")
                     .values_list("code", flat=True))
    assert list(rows) == [c for c in catalogue if c in rows] and "MEMBERS" in rows
    assert sheet.cell(rows["MEMBERS"], value_col).value == 120
    assert sheet.cell(rows["G7_GREEN_PROCUREMENT_RATE"], value_col).value == 40
    assert sheet.protection.sheet is True
    assert sheet.cell(rows["MEMBERS"], value_col).protection.locked is False
    assert sheet.cell(rows["G7_GREEN_PROCUREMENT_RATE"], value_col).protection.locked is True  # derived
    assert sheet.cell(rows["MEMBERS"], code_col).protection.locked is True
    validations: list[DataValidation] = sheet.data_validations.dataValidation
    members = next(v for v in validations if f"{sheet.cell(rows['MEMBERS'], value_col).coordinate}" in str(v.sqref))
    assert members.type == "whole" and members.formula1 == "0"
    score = next(v for v in validations if sheet.cell(rows["G5_SELF_SCORE"], value_col).coordinate in str(v.sqref))
    assert score.type == "decimal" and score.formula2 == "100"
    assert not any(sheet.cell(rows["G7_GREEN_PROCUREMENT_RATE"], value_col).coordinate in str(v.sqref)
                   for v in validations)
    info = workbook["Thông tin"]
    assert info.sheet_state == "veryHidden"
    assert workbook.security.lockStructure
    names = {name: workbook.defined_names[name].attr_text for name in ("GP_UNIT", "GP_PERIOD", "GP_TEMPLATE_VERSION")}
    assert [info[ref.split("!")[1].replace("$", "")].value for ref in names.values()] == ["HP-A-01", "2026H1", 1]


def test_sending_is_a_separate_optional_step(api, tree, period):
    job = upload(api, ("a.xlsx", fill(template(api), full_values())), submit="true")
    assert job["status"] == "done"
    assert job["imported"][0]["submitted"] is True
    assert report_values(api)["status"] == "submitted"


def test_a_report_that_cannot_be_sent_stays_imported_with_a_note(api, tree):
    job = upload(api, ("a.xlsx", fill(template(api), {"MEMBERS": 3})), submit="true")
    assert job["status"] == "done"
    assert job["imported"][0]["submitted"] is False and job["imported"][0]["note"]
    assert report_values(api)["status"] == "draft"
    assert report_values(api)["values"]["MEMBERS"] == 3


def test_many_files_and_a_zip_import_each_file(api, tree):
    a1 = fill(template(api), {"MEMBERS": 11})
    a2 = fill(template(api, "HP-A-02", user=tree.users.approver_a), {"MEMBERS": 22})
    job = upload(api, ("a1.xlsx", a1), ("a2.xlsx", a2), user=tree.users.approver_a)
    assert job["status"] == "done" and len(job["imported"]) == 2
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("mau/a1.xlsx", fill(template(api), {"MEMBERS": 33}))
    # a1's template was made at version 1 (after the first import): current, so it is taken.
    job = upload(api, ("tat-ca.zip", bundle.getvalue()), user=tree.users.approver_a)
    assert job["status"] == "done", job
    assert report_values(api)["values"]["MEMBERS"] == 33
    assert report_values(api, "HP-A-02", user=tree.users.approver_a)["values"]["MEMBERS"] == 22


def test_a_superior_downloads_every_subordinate_template_at_once(api, tree):
    response = api("get", "/aggregates/HP-A/2026H1/templates.zip", user=tree.users.approver_a)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["mau-bao-cao-HP-A-01-2026H1.xlsx", "mau-bao-cao-HP-A-02-2026H1.xlsx"]
        job = upload(api, ("all.zip", _rezip({n: fill(archive.read(n), {"MEMBERS": 7}) for n in names})),
                     user=tree.users.approver_a)
    assert job["status"] == "done" and len(job["imported"]) == 2
    assert api("get", "/aggregates/HP-A/2026H1/templates.zip").status_code == 403  # a reporter
    assert api("get", "/aggregates/HP-A-01/2026H1/templates.zip", user=tree.users.approver_a).status_code == 404


def _rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- refusals ------------------------------------------------------------------------------------------


def test_templates_and_imports_refuse_outsiders_and_anonymous(api, tree):
    assert api("get", "/reports/HP-A-02/2026H1/template.xlsx").status_code == 403
    assert api("get", "/reports/HP-B-01/2026H1/template.xlsx", user=tree.users.viewer_b).status_code == 403
    anonymous = Client()
    assert anonymous.get("/api/v1/reports/HP-A-01/2026H1/template.xlsx").status_code == 401
    assert anonymous.post("/api/v1/imports", {"files": io.BytesIO(b"x")}).status_code == 401
    job = upload(api, ("a.xlsx", fill(template(api), {"MEMBERS": 1})))
    assert api("get", f"/imports/{job['id']}", user=tree.users.reporter_a2).status_code == 404
    assert api("get", f"/imports/{job['id']}", user=tree.users.admin).status_code == 404
    assert api("get", "/imports/999999").json()["detail"]
    assert api("get", f"/imports/{2**64}").status_code == 422


def test_an_upload_without_a_file_is_refused(api):
    response = api("post", "/imports", data={"submit": "true"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Chưa chọn tệp nào để nhập."


# --- bad input: each a clear error naming the file, nothing imported from it ---------------------------


def refused(api, name, content, user=None, **data):
    job = upload(api, (name, content), user=user, **data)
    assert job["status"] == "failed", job
    assert job["imported"] == [] and [r["file"] for r in job["refused"]] == [name]
    assert job["errors"] and all(e["file"] == name and e["message"].startswith(f"Tệp {name}") for e in job["errors"])
    return job


def nothing_saved(tree, period):
    assert not Report.objects.filter(period=period).exists()


def test_a_file_that_is_not_an_xlsx_is_refused(api, tree, period):
    job = refused(api, "bao-cao.pdf", b"%PDF-1.4 hello")
    assert "Chỉ nhận tệp Excel .xlsx" in job["errors"][0]["message"]
    job = refused(api, "bao-cao.xlsx", b"just text, not a workbook")
    assert "không đúng là tệp Excel" in job["errors"][0]["message"]
    nothing_saved(tree, period)


def test_a_password_protected_or_corrupt_file_is_refused(api, tree, period):
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048  # how Excel stores an encrypted workbook
    assert "mật khẩu" in refused(api, "mat-khau.xlsx", encrypted)["errors"][0]["message"]
    good = template(api)
    assert refused(api, "hong.xlsx", good[: len(good) // 2])["errors"]
    nothing_saved(tree, period)


def test_an_excel_file_that_is_no_template_is_refused(api, tree, period):
    job = refused(api, "khac.xlsx", xlsx_bytes())
    assert "không phải là mẫu báo cáo" in job["errors"][0]["message"]
    nothing_saved(tree, period)


def _info(cell, value):
    def edit(workbook, *_args):
        workbook["Thông tin"][cell] = value
    return edit


def test_a_template_of_another_unit_period_or_version_is_refused(api, tree, period):
    Period.objects.create(code="2026H2", year=2026, half=2, start="2026-07-01", end="2026-12-31",
                          cutoff="2026-12-15", deadline="2027-01-15", is_open=True)
    a1 = template(api)
    # the page of HP-A-01 / 2026H1 (or an API call restricted to them) takes only its own template
    other_unit = fill(template(api, "HP-A-02", user=tree.users.approver_a), {"MEMBERS": 1})
    job = refused(api, "a2.xlsx", other_unit, user=tree.users.approver_a, unit="HP-A-01", period="2026H1")
    assert "mẫu của đơn vị HP-A-02" in job["errors"][0]["message"]
    other_period = fill(template(api, period="2026H2"), {"MEMBERS": 1})
    job = refused(api, "h2.xlsx", other_period, unit="HP-A-01", period="2026H1")
    assert "mẫu của kỳ 2026H2" in job["errors"][0]["message"]
    old = fill(a1, {"MEMBERS": 1}, _info("B4", 0))
    assert "phiên bản 0" in refused(api, "cu.xlsx", old)["errors"][0]["message"]
    nothing_saved(tree, period)


def test_a_unit_outside_the_uploaders_scope_is_refused(api, tree, period):
    other = fill(template(api, "HP-B-01", user=tree.users.admin), {"MEMBERS": 1})
    job = refused(api, "b1.xlsx", other)  # uploaded by HP-A-01's reporter
    assert "HP-B-01 nằm ngoài phạm vi" in job["errors"][0]["message"]
    forged = fill(template(api), {"MEMBERS": 1}, _info("B2", "HP-B-01"))
    assert "HP-B-01 nằm ngoài phạm vi" in refused(api, "gia.xlsx", forged)["errors"][0]["message"]
    nothing_saved(tree, period)


def test_a_closed_period_is_refused(api, tree, period):
    filled = fill(template(api), {"MEMBERS": 1})
    Period.objects.filter(pk=period.pk).update(is_open=False)
    assert "đã đóng" in refused(api, "a.xlsx", filled)["errors"][0]["message"]
    nothing_saved(tree, period)


def test_formulas_and_text_in_number_cells_are_refused_cell_by_cell(api, tree, period):
    content = template(api)
    members, sessions = row_of(content, "MEMBERS"), row_of(content, "G3_SESSIONS")
    filled = fill(content, {"MEMBERS": "=1+1", "G3_SESSIONS": "năm", "WORKERS": 10})
    errors = refused(api, "a.xlsx", filled)["errors"]
    by_cell = {e["cell"]: e for e in errors}
    assert set(by_cell) == {f"D{members}", f"D{sessions}"}
    assert by_cell[f"D{members}"]["row"] == members and by_cell[f"D{members}"]["sheet"] == "Báo cáo"
    assert "công thức" in by_cell[f"D{members}"]["message"]
    assert f"dòng {members}, ô D{members}" in by_cell[f"D{members}"]["message"]
    assert "chữ «năm»" in by_cell[f"D{sessions}"]["message"]
    nothing_saved(tree, period)


def test_values_the_typed_save_refuses_are_placed_on_their_cell(api, tree, period):
    content = template(api)
    score = row_of(content, "G5_SELF_SCORE")
    errors = refused(api, "a.xlsx", fill(content, {"MEMBERS": 5, "G5_SELF_SCORE": 150}))["errors"]
    assert [(e["row"], e["cell"]) for e in errors] == [(score, f"D{score}")]
    assert "không được lớn hơn 100" in errors[0]["message"]
    nothing_saved(tree, period)


def test_shifted_or_deleted_rows_are_refused(api, tree, period):
    content = template(api)
    members = row_of(content, "MEMBERS")

    def delete_row(workbook, sheet, *_args):
        sheet.delete_rows(members + 1)

    def insert_row(workbook, sheet, *_args):
        sheet.insert_rows(members)

    job = refused(api, "xoa.xlsx", fill(content, {"MEMBERS": 1}, delete_row))
    assert job["errors"][0]["row"] == members + 1 and "xê dịch" in job["errors"][0]["message"]
    job = refused(api, "chen.xlsx", fill(content, {"MEMBERS": 1}, insert_row))
    assert job["errors"][0]["row"] == members and "xê dịch" in job["errors"][0]["message"]
    nothing_saved(tree, period)


def test_a_report_changed_since_the_template_was_made_is_not_overwritten(api, tree, period):
    filled = fill(template(api), {"MEMBERS": 1})
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"MEMBERS": 9})
    assert "đã được sửa sau khi tải mẫu" in refused(api, "a.xlsx", filled)["errors"][0]["message"]
    assert stored_values(Report.objects.get(unit=tree.a1, period=period))["MEMBERS"] == Decimal(9)


def test_a_submitted_report_is_not_changed_by_an_import(api, tree, period):
    report = report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                         values=full_values()).report
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    filled = fill(template(api), {"MEMBERS": 1})
    assert "đã gửi" in refused(api, "a.xlsx", filled)["errors"][0]["message"]


def test_a_100_mb_upload_is_refused_before_it_is_read(tree, period, bearer):
    big = str(100 * 1024 * 1024)  # announced: the server must answer before reading any of it
    start = b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n\r\n'
    client = Client()
    response = client.generic("POST", "/api/v1/imports", data=start, headers=bearer(tree.users.reporter_a1),
                              CONTENT_TYPE="multipart/form-data; boundary=x", CONTENT_LENGTH=big)
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]
    client.force_login(tree.users.reporter_a1)
    page = client.generic("POST", "/exchange/imports/", data=start, CONTENT_TYPE="multipart/form-data; boundary=x",
                          CONTENT_LENGTH=big)
    assert page.status_code == 413 and "quá lớn" in page.content.decode()
    nothing_saved(tree, period)


def test_a_file_over_the_size_of_a_template_is_refused_unread(api, tree, period, monkeypatch):
    from greenplan.exchange import imports

    monkeypatch.setattr(imports, "MAX_XLSX_BYTES", 1000)
    job = refused(api, "to.xlsx", template(api))
    assert "quá lớn" in job["errors"][0]["message"]
    nothing_saved(tree, period)


def test_a_zip_bomb_is_refused_before_it_is_inflated(api, tree, period):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bom.xlsx", "w", force_zip64=True) as entry:
            block = b"\x00" * (1024 * 1024)
            for _ in range(300):
                entry.write(block)
    job = refused(api, "bom.zip", bomb.getvalue())
    assert "giải nén quá lớn" in job["errors"][0]["message"]
    many = _rezip({f"{i}.xlsx": b"" for i in range(2001)})
    assert "quá số tối đa" in refused(api, "nhieu.zip", many)["errors"][0]["message"]
    # an .xlsx that is itself a bomb
    assert "giải nén quá lớn" in refused(api, "bom.xlsx", zip_bomb_bytes("xl/workbook.xml"))["errors"][0]["message"]
    nothing_saved(tree, period)


def test_two_files_for_one_unit_in_one_upload_are_both_refused(api, tree, period):
    content = template(api)
    job = upload(api, ("mot.xlsx", fill(content, {"MEMBERS": 1})), ("hai.xlsx", fill(content, {"MEMBERS": 2})))
    assert job["status"] == "failed" and job["imported"] == []
    assert sorted(r["file"] for r in job["refused"]) == ["hai.xlsx", "mot.xlsx"]
    assert all("cùng đơn vị HP-A-01" in e["message"] for e in job["errors"])
    nothing_saved(tree, period)


def test_one_bad_file_does_not_stop_the_others(api, tree, period):
    job = upload(api, ("tot.xlsx", fill(template(api), {"MEMBERS": 5})), ("xau.xlsx", b"nope"))
    assert job["status"] == "done"
    assert [r["file"] for r in job["imported"]] == ["tot.xlsx"]
    assert [r["file"] for r in job["refused"]] == ["xau.xlsx"]
    assert report_values(api)["values"]["MEMBERS"] == 5


def test_errors_are_in_english_for_an_english_uploader(api, tree):
    response = api("post", "/imports", data={"files": _named("x.pdf", b"%PDF")},
                   headers={"Accept-Language": "en"})
    job = api("get", f"/imports/{response.json()['id']}").json()
    assert job["errors"][0]["message"].startswith("File x.pdf")


def _named(name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return handle
