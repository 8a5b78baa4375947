"""Every action the audit log knows, with its label for display.

An action is `<object kind>.<what happened>`. `log_action` refuses a name that is not here, so
the page can always label an entry and filter by kind. Adding a writer means adding its
action(s) here.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "unit": _("Đơn vị"),
    "account": _("Tài khoản"),
    "membership": _("Vai trò"),
    "token": _("Mã truy cập API"),
    "plan": _("Kế hoạch"),
    "report": _("Báo cáo"),
    "activity": _("Hoạt động"),
    "practice": _("Mô hình hay"),
    "indicator": _("Chỉ tiêu"),
    "rule": _("Quy tắc kiểm tra"),
    "period": _("Kỳ báo cáo"),
    "classification": _("Tiêu chí xếp loại"),
    "job": _("Công việc chạy nền"),
    "emulation": _("Thi đua"),
    "proposal": _("Đề nghị khen thưởng, xử lý"),
    "survey": _("Khảo sát"),
}

ACTIONS: dict[str, Promise] = {
    "unit.created": _("Thành lập đơn vị"),
    "unit.updated": _("Sửa thông tin đơn vị"),
    "unit.moved": _("Chuyển đơn vị cấp trên"),
    "unit.merged": _("Hợp nhất đơn vị"),
    "unit.split": _("Chia tách đơn vị"),
    "unit.dissolved": _("Giải thể đơn vị"),
    "account.created": _("Tạo tài khoản"),
    "account.updated": _("Sửa tài khoản"),
    "account.locked": _("Khoá tài khoản"),
    "account.unlocked": _("Mở khoá tài khoản"),
    "account.password_changed": _("Đổi mật khẩu"),
    "account.password_reset": _("Đặt lại mật khẩu"),
    "membership.granted": _("Cấp vai trò"),
    "membership.changed": _("Đổi vai trò"),
    "membership.removed": _("Bỏ vai trò"),
    "token.created": _("Cấp mã truy cập API"),
    "token.revoked": _("Thu hồi mã truy cập API"),
    "token.revoked_all": _("Thu hồi mọi mã truy cập API"),
    "plan.created": _("Tạo kế hoạch"),
    "plan.copied": _("Tạo kế hoạch từ kế hoạch cấp trên"),
    "plan.loaded": _("Nạp kế hoạch gốc"),
    "plan.updated": _("Sửa thông tin kế hoạch"),
    "plan.item_created": _("Thêm mục kế hoạch"),
    "plan.item_updated": _("Sửa mục kế hoạch"),
    "plan.item_deleted": _("Xóa mục kế hoạch"),
    "plan.progress": _("Cập nhật tiến độ"),
    "plan.target_set": _("Đặt chỉ tiêu của mục"),
    "plan.target_removed": _("Bỏ chỉ tiêu của mục"),
    "plan.issued": _("Ban hành kế hoạch"),
    "plan.revised": _("Tạo bản sửa đổi kế hoạch"),
    "plan.superseded": _("Kế hoạch bị thay thế"),
    "report.saved": _("Lưu báo cáo"),
    "report.submitted": _("Gửi báo cáo"),
    "report.approved": _("Duyệt báo cáo"),
    "report.returned": _("Trả lại báo cáo"),
    "report.reopened": _("Mở lại báo cáo"),
    "report.draft_edited": _("Sửa phần soạn sẵn của báo cáo tổng hợp"),
    "report.attached": _("Đính kèm tệp vào báo cáo"),
    "report.detached": _("Xóa tệp đính kèm của báo cáo"),
    "report.values_repaired": _("Hệ thống xóa giá trị không đọc được"),
    "activity.created": _("Ghi nhận hoạt động"),
    "activity.updated": _("Sửa hoạt động"),
    "activity.deleted": _("Xóa hoạt động"),
    "practice.proposed": _("Đề xuất mô hình hay"),
    "practice.updated": _("Sửa mô hình hay"),
    "practice.returned": _("Trả lại mô hình hay"),
    "practice.published": _("Giới thiệu mô hình hay"),
    "indicator.created": _("Thêm chỉ tiêu"),
    "indicator.changed": _("Sửa chỉ tiêu"),
    "indicator.retired": _("Ngừng sử dụng chỉ tiêu"),
    "indicator.restored": _("Dùng lại chỉ tiêu"),
    "rule.created": _("Thêm quy tắc kiểm tra"),
    "rule.changed": _("Bật/tắt quy tắc kiểm tra"),
    "period.created": _("Tạo kỳ báo cáo"),
    "period.changed": _("Sửa kỳ báo cáo"),
    "period.opened": _("Mở kỳ báo cáo"),
    "period.closed": _("Đóng kỳ báo cáo"),
    "classification.criterion_created": _("Thêm tiêu chí xếp loại"),
    "classification.criterion_changed": _("Sửa tiêu chí xếp loại"),
    "classification.criterion_deleted": _("Xóa tiêu chí xếp loại"),
    "classification.band_created": _("Thêm mức xếp loại"),
    "classification.band_changed": _("Sửa mức xếp loại"),
    "classification.band_deleted": _("Xóa mức xếp loại"),
    "job.created": _("Tạo công việc chạy nền"),
    "emulation.sheet_loaded": _("Nạp bảng chấm điểm thi đua"),
    "emulation.registered": _("Đăng ký thi đua"),
    "emulation.self_scored": _("Tự chấm điểm thi đua"),
    "emulation.evidence_added": _("Thêm minh chứng thi đua"),
    "emulation.submitted": _("Gửi bảng tự chấm điểm"),
    "emulation.verified": _("Thẩm định điểm thi đua"),
    "emulation.returned": _("Trả lại bảng tự chấm điểm"),
    "emulation.confirmed": _("Xác nhận và khóa điểm thi đua"),
    "proposal.created": _("Đề nghị khen thưởng hoặc xử lý"),
    "proposal.approved": _("Chấp thuận đề nghị"),
    "proposal.rejected": _("Không chấp thuận đề nghị"),
    "survey.created": _("Tạo phiếu khảo sát"),
    "survey.opened": _("Mở nhận trả lời khảo sát"),
    "survey.closed": _("Kết thúc nhận trả lời khảo sát"),
}


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def label(action: str) -> str:
    return str(ACTIONS.get(action, action))
