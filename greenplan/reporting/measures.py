"""The catalogue's units of measure, marked for translation.

Indicator.unit is data (an admin may type a new one); the units the catalogue ships with are listed
here so that makemessages keeps their English and `greenplan.lib.i18n.measure` finds it. "%", "kg"
and "kWh" read the same in both languages."""

from django.utils.translation import pgettext_lazy

MEASURES = [
    pgettext_lazy("unit of measure", "buổi"),
    pgettext_lazy("unit of measure", "bản"),
    pgettext_lazy("unit of measure", "ca"),
    pgettext_lazy("unit of measure", "cuộc"),
    pgettext_lazy("unit of measure", "cây"),
    pgettext_lazy("unit of measure", "có/không"),
    pgettext_lazy("unit of measure", "công trình"),
    pgettext_lazy("unit of measure", "giải pháp"),
    pgettext_lazy("unit of measure", "hoạt động"),
    pgettext_lazy("unit of measure", "kiến nghị"),
    pgettext_lazy("unit of measure", "lượt"),
    pgettext_lazy("unit of measure", "lượt người"),
    pgettext_lazy("unit of measure", "lớp"),
    pgettext_lazy("unit of measure", "mô hình"),
    pgettext_lazy("unit of measure", "mẫu"),
    pgettext_lazy("unit of measure", "người"),
    pgettext_lazy("unit of measure", "phiếu"),
    pgettext_lazy("unit of measure", "sáng kiến"),
    pgettext_lazy("unit of measure", "sản phẩm"),
    pgettext_lazy("unit of measure", "triệu đồng"),
    pgettext_lazy("unit of measure", "tổ"),
    pgettext_lazy("unit of measure", "văn bản"),
    pgettext_lazy("unit of measure", "vị trí"),
    pgettext_lazy("unit of measure", "vụ"),
    pgettext_lazy("unit of measure", "ý kiến"),
    pgettext_lazy("unit of measure", "điểm"),
    pgettext_lazy("unit of measure", "đề xuất"),
]
