"""Refusals of the reporting services. The page and the API turn them into messages and codes."""

from django.utils.translation import gettext as _


class ReportingError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidValues(ReportingError):
    """422: per-indicator messages; nothing was saved."""

    status = 422

    def __init__(self, errors: dict[str, str], message: str | None = None):
        super().__init__(message or _("Dữ liệu không hợp lệ, chưa lưu."))
        self.errors = errors


class StaleVersion(ReportingError):
    """409: someone saved the report after the version the user edited."""

    status = 409

    def __init__(self, current: int, changes: list[dict]):
        super().__init__(
            _("Báo cáo đã được người khác cập nhật (phiên bản %(v)s). Hãy tải lại và nhập lại thay đổi của bạn.")
            % {"v": current}
        )
        self.current = current
        self.changes = changes


class WrongState(ReportingError):
    """409: the report's status or the period does not allow this action."""

    status = 409
