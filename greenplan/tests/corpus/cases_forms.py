"""Bad input for the pages' forms: the report page, plan item and issue forms, the activity form,
login, the account page and the account import. Each shows its message on the page."""

from greenplan.testing.files import HTML, HTML_POLYGLOT, SVG, docx_bytes, png_bytes, zip_bomb_bytes
from greenplan.tests.corpus.cases import FormCase

PAGE = "/reports/HP-A-01/2026H1/"
NOT_A_NUMBER = "Giá trị phải là một số"
CONTROL = "ký tự điều khiển"
NOT_LISTED = "Hãy chọn một giá trị có trong danh sách"
FORBIDDEN = "Không có quyền truy cập"
WRONG_BYTES = "không đúng là tệp"
TOO_LONG = "quá dài: tối đa"


def entry(name: str, value: str, says: str = NOT_A_NUMBER, code: str = "G3_SESSIONS") -> FormCase:
    return FormCase(name, "reporter_a1", PAGE, {"version": "1", code: value}, 422, says)


REPORT_PAGE = [
    entry("page-exponent", "1e3"),
    entry("page-underscore", "1_000"),
    entry("page-arabic-indic-digits", "\u0661\u0662"),
    entry("page-full-width-digits", "\uff11\uff12"),
    entry("page-mathematical-digits", "\U0001d7cf\U0001d7d0"),
    entry("page-nan", "NaN"),
    entry("page-infinity", "Infinity", code="G7_UNION_SPENDING"),
    entry("page-negative", "-1", "Giá trị không được âm"),
    entry("page-column-overflow", "99999999999999,99", "chữ số thập phân", code="G5_INITIATIVE_VALUE"),
    entry("page-too-precise", "12345678901234,5678", "chữ số thập phân", code="G7_UNION_SPENDING"),
    entry("page-huge", "9" * 40, "Giá trị quá lớn"),
    entry("page-digits-split-by-a-space", "12 34"),
    entry("page-fraction-for-integer", "2,5", "chỉ nhận số nguyên"),
    entry("page-yes-no-two", "2", "chỉ nhận 1 (có) hoặc 0 (không)", code="G1_FOCAL"),
    entry("page-words", "mười hai"),
    FormCase("page-stale-version", "reporter_a1", PAGE, {"version": "0", "G3_SESSIONS": "5"}, 409,
             "đã được người khác cập nhật"),
    FormCase("page-forged-version", "reporter_a1", PAGE, {"version": "abc", "G3_SESSIONS": "5"}, 409,
             "đã được người khác cập nhật"),
    FormCase("page-narrative-over-limit", "reporter_a1", PAGE, {"version": "1", "results": "chữ " * 5001}, 422,
             TOO_LONG),
    FormCase("page-narrative-nul", "reporter_a1", PAGE, {"version": "1", "results": "Tốt\x00"}, 422,
             "ký tự điều khiển"),
    FormCase("page-narrative-escape", "reporter_a1", PAGE, {"version": "1", "proposals": "\x1b[31m"}, 422,
             "ký tự điều khiển"),
    FormCase("page-by-viewer", "viewer_b", "/reports/HP-B-01/2026H1/", {"version": "3", "G3_SESSIONS": "5"}, 200,
             "Bạn không có quyền", follow=True),
    FormCase("page-by-outsider", "outsider", PAGE, {"version": "1", "G3_SESSIONS": "5"}, 403, FORBIDDEN),
    FormCase("page-by-sibling", "reporter_a2", PAGE, {"version": "1", "G3_SESSIONS": "5"}, 403, FORBIDDEN),
    FormCase("page-closed-period", "reporter_a1", "/reports/HP-A-01/2025H2/", {"version": "0", "G3_SESSIONS": "5"},
             200, "đã đóng", follow=True),
    FormCase("page-submitted-report", "reporter_a2", "/reports/HP-A-02/2026H1/",
             {"version": "2", "G3_SESSIONS": "5"}, 200, "đã gửi hoặc đã duyệt", follow=True),
    FormCase("page-return-without-reason", "approver_a", "/reports/HP-A-02/2026H1/",
             {"version": "2", "action": "return", "comment": " "}, 422, "Hãy ghi lý do"),
    FormCase("page-return-reason-over-limit", "approver_a", "/reports/HP-A-02/2026H1/",
             {"version": "2", "action": "return", "comment": "chữ " * 5001}, 422, TOO_LONG),
    FormCase("page-return-reason-nul", "approver_a", "/reports/HP-A-02/2026H1/",
             {"version": "2", "action": "return", "comment": "Sai\x00"}, 422, "ký tự điều khiển"),
    FormCase("page-return-stale", "approver_a", "/reports/HP-A-02/2026H1/",
             {"version": "1", "action": "return", "comment": "Sai số"}, 409, "đã được người khác cập nhật"),
    FormCase("page-approve-own-report", "reporter_a2", "/reports/HP-A-02/2026H1/",
             {"version": "2", "action": "approve"}, 200, "Bạn không có quyền", follow=True),
    FormCase("page-reopen-a-submitted", "approver_a", "/reports/HP-A-02/2026H1/",
             {"version": "2", "action": "reopen", "comment": "Sai số"}, 200, "Chỉ mở lại được báo cáo đã duyệt",
             follow=True),
]

FILES = PAGE + "files/"


def attach(name: str, filename: str, content: bytes, says: str, status: int = 422, **kw) -> FormCase:
    return FormCase(name, kw.pop("persona", "reporter_a1"), kw.pop("path", FILES), {}, status, says,
                    files={"file": (filename, content)}, htmx=True, **kw)


ATTACHMENTS = [
    attach("attach-svg-named-png", "anh.png", SVG, WRONG_BYTES),
    attach("attach-html-named-pdf", "bien-ban.pdf", HTML, WRONG_BYTES),
    attach("attach-pdf-html-polyglot", "bien-ban.pdf", HTML_POLYGLOT, WRONG_BYTES),
    attach("attach-png-named-jpg", "anh.jpg", png_bytes(), WRONG_BYTES),
    attach("attach-zip-bomb", "bao-cao.docx", zip_bomb_bytes(), "khi giải nén quá lớn"),
    attach("attach-empty-file", "bien-ban.pdf", b"", "rỗng"),
    attach("attach-executable", "cai-dat.exe", b"MZ\x90\x00", "chỉ nhận"),
    FormCase("attach-nothing", "reporter_a1", FILES, {}, 422, "Hãy chọn tệp", htmx=True),
    attach("attach-to-submitted", "bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", "đã gửi hoặc đã duyệt", 409,
           persona="reporter_a2", path="/reports/HP-A-02/2026H1/files/"),
]

ITEM_NEW = "/plans/HP-A-01/items/new/"
ITEM_OK = {"code": "9.1", "group": "1", "parent_item": "", "title": "Mục mới", "status": "not_started"}


def new_item(name: str, says: str, **changes: str) -> FormCase:
    return FormCase(name, "reporter_a1", ITEM_NEW, {**ITEM_OK, **changes}, 422, says)


ISSUE = "/plans/HP-A-01/issue/"
ISSUE_OK = {"number": "12", "symbol": "KH-CĐCS", "issued_on": "01/03/2026", "signer": "Trần Văn B"}


def issue(name: str, says: str, files: dict | None = None, **changes: str) -> FormCase:
    return FormCase(name, "reporter_a1", ISSUE, {**ISSUE_OK, **changes}, 422, says, files=files or {})


PLAN_FORMS = [
    new_item("item-form-title-over-300", "tối đa 300 kí tự", title="x" * 301),
    new_item("item-form-text-over-5000", TOO_LONG, text="x" * 5001),
    new_item("item-form-progress-over-5000", TOO_LONG, progress_note="x" * 5001),
    new_item("item-form-title-escape", "chỉ được viết trên một dòng", title="Mục\x1b"),
    new_item("item-form-title-nul", CONTROL, title="Mục\x00"),
    new_item("item-form-impossible-date", "ngày/tháng/năm", start_on="31/02/2026"),
    new_item("item-form-end-before-start", "không được trước ngày bắt đầu", start_on="05/03/2026",
             end_on="01/03/2026"),
    new_item("item-form-code-with-space", "Mã mục chỉ gồm", code="9 1"),
    new_item("item-form-code-taken", "đã có trong kế hoạch", code="1.1"),
    new_item("item-form-unknown-group", NOT_LISTED, group="99"),
    new_item("item-form-unknown-status", NOT_LISTED, status="finished"),
    FormCase("item-form-progress-note-over-5000", "reporter_a1", "/plans/HP-A-01/items/{item_a1}/",
             {"status": "in_progress", "progress_note": "x" * 5001}, 422, TOO_LONG),
    FormCase("item-form-on-issued-plan", "approver_a", "/plans/HP-A/items/new/", ITEM_OK, 200,
             "Kế hoạch đã ban hành nên không thể sửa", follow=True),
    FormCase("item-form-by-outsider", "outsider", ITEM_NEW, ITEM_OK, 403, FORBIDDEN),
    FormCase("item-form-by-viewer", "viewer_b", "/plans/HP-B-01/items/new/", ITEM_OK, 403, FORBIDDEN),
    issue("issue-form-number-with-slash", "Số văn bản chỉ gồm phần số", number="12/KH"),
    issue("issue-form-in-the-future", "không được sau ngày hôm nay", issued_on="01/03/2031"),
    issue("issue-form-impossible-date", "ngày/tháng/năm", issued_on="30/02/2026"),
    issue("issue-form-without-signer", "Cần nhập họ tên người ký", signer=""),
    issue("issue-form-signer-over-120", "tối đa 120 kí tự", signer="x" * 121),
    issue("issue-form-html-named-pdf", WRONG_BYTES, files={"signed_pdf": ("ban-ky.pdf", HTML)}),
    FormCase("signed-form-png-named-pdf", "approver_a", "/plans/HP-A/signed/", {}, 422, WRONG_BYTES,
             files={"signed_pdf": ("ban-ky.pdf", png_bytes())}),
    FormCase("signed-form-polyglot", "approver_a", "/plans/HP-A/signed/", {}, 422, WRONG_BYTES,
             files={"signed_pdf": ("ban-ky.pdf", HTML_POLYGLOT)}),
]

ACTIVITY_NEW = "/activities/HP-A-01/new/"
ACTIVITY_OK = {"kind": "tree_planting", "title": "Trồng cây", "start_on": "05/03/2026", "participants": "30",
               "cost": "1.500.000", "description": "Trồng 40 cây."}


def activity(name: str, says: str, files: dict | None = None, **changes: str) -> FormCase:
    return FormCase(name, "reporter_a1", ACTIVITY_NEW, {**ACTIVITY_OK, **changes}, 422, says, files=files or {})


ACTIVITY_FORMS = [
    activity("activity-title-over-300", "tối đa 300 kí tự", title="x" * 301),
    activity("activity-description-over-5000", TOO_LONG, description="x" * 5001),
    activity("activity-findings-over-5000", TOO_LONG, findings="x" * 5001),
    activity("activity-title-escape", "chỉ được viết trên một dòng", title="Trồng\x1bcây"),
    activity("activity-description-nul", CONTROL, description="Trồng\x00cây"),
    activity("activity-cost-exponent", "Hãy nhập một số nguyên", cost="1e3"),
    activity("activity-cost-groups-of-two", "Hãy nhập một số nguyên", cost="15.00.000"),
    activity("activity-participants-split-by-a-space", "Hãy nhập một số nguyên", participants="3 0"),
    activity("activity-participants-arabic-digits", "Hãy nhập một số nguyên", participants="\u0663\u0660"),
    activity("activity-participants-full-width", "Hãy nhập một số nguyên", participants="\uff13\uff10"),
    activity("activity-participants-negative", "không được âm", participants="-5"),
    activity("activity-cost-huge", "Kinh phí quá lớn", cost="99.999.999.999.999"),
    activity("activity-in-the-future", "không được sau hôm nay", start_on="05/03/2031"),
    activity("activity-unknown-kind", NOT_LISTED, kind="party"),
    activity("activity-svg-named-png", WRONG_BYTES, files={"files": ("anh.png", SVG)}),
    activity("activity-html-named-pdf", WRONG_BYTES, files={"files": ("bien-ban.pdf", HTML)}),
    activity("activity-zip-bomb", "khi giải nén quá lớn",
             files={"files": ("danh-sach.xlsx", zip_bomb_bytes("xl/workbook.xml"))}),
    activity("activity-empty-file", "rỗng", files={"files": ("bien-ban.pdf", b"")}),
    FormCase("activity-edit-description-over-5000", "reporter_a1", "/activities/HP-A-01/{activity}/",
             {**ACTIVITY_OK, "description": "x" * 5001}, 422, TOO_LONG),
    FormCase("activity-by-outsider", "outsider", ACTIVITY_NEW, ACTIVITY_OK, 403, FORBIDDEN),
    FormCase("activity-by-viewer", "viewer_b", "/activities/HP-B-01/new/", ACTIVITY_OK, 403, FORBIDDEN),
]

LOGIN = "/accounts/login/"
WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng"
IMPORT = "/accounts/manage/import/"


def upload_sheet(name: str, filename: str, content: bytes, says: str) -> FormCase:
    return FormCase(name, "admin", IMPORT, {}, 200, says, files={"file": (filename, content)})


ACCOUNT_FORMS = [
    FormCase("login-wrong-password", "anon", LOGIN, {"username": "reporter_a1", "password": "sai"}, 200, WRONG_LOGIN),
    FormCase("login-unknown-user", "anon", LOGIN, {"username": "nobody", "password": "green-2030"}, 200, WRONG_LOGIN),
    FormCase("login-username-nul", "anon", LOGIN, {"username": "reporter_a1\x00", "password": "green-2030"}, 200,
             CONTROL),
    FormCase("login-username-escape", "anon", LOGIN, {"username": "reporter_a1\x1b", "password": "green-2030"},
             200, WRONG_LOGIN),
    FormCase("login-username-over-150", "anon", LOGIN, {"username": "u" * 151, "password": "x"}, 200,
             "tối đa 150 kí tự"),
    FormCase("login-empty", "anon", LOGIN, {"username": "", "password": ""}, 200, "Trường này là bắt buộc"),
    FormCase("revoke-someone-elses-token", "reporter_a1", "/accounts/tokens/{admin_token}/revoke/", {}, 404,
             "Không tìm thấy"),
    FormCase("password-change-wrong-old", "reporter_a1", "/accounts/password/",
             {"old_password": "sai", "new_password1": "Xanh-2031-moi!", "new_password2": "Xanh-2031-moi!"}, 200,
             "Mật khẩu cũ"),
    FormCase("password-change-mismatch", "reporter_a1", "/accounts/password/",
             {"old_password": "green-2030", "new_password1": "Xanh-2031-moi!", "new_password2": "Xanh-2031-cu!"},
             200, "Hai trường mật khẩu không giống nhau"),
    upload_sheet("import-svg-named-xlsx", "tai-khoan.xlsx", SVG, WRONG_BYTES),
    upload_sheet("import-html-named-xlsx", "tai-khoan.xlsx", HTML, WRONG_BYTES),
    upload_sheet("import-docx-named-xlsx", "tai-khoan.xlsx", docx_bytes(), WRONG_BYTES),
    upload_sheet("import-zip-bomb", "tai-khoan.xlsx", zip_bomb_bytes("xl/workbook.xml"), "khi giải nén quá lớn"),
    upload_sheet("import-empty-file", "tai-khoan.xlsx", b"", "rỗng"),
    upload_sheet("import-csv", "tai-khoan.csv", b"username,unit\nx,HP\n", "Chỉ nhận tệp Excel .xlsx"),
    FormCase("import-nothing", "admin", IMPORT, {}, 200, "Trường này là bắt buộc"),
    FormCase("import-by-reporter", "reporter_a1", IMPORT, {}, 403, FORBIDDEN,
             files={"file": ("tai-khoan.xlsx", docx_bytes())}),
]

FORM_CASES = REPORT_PAGE + ATTACHMENTS + PLAN_FORMS + ACTIVITY_FORMS + ACCOUNT_FORMS
