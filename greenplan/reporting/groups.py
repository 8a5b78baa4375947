"""The task groups of the province plan, as the seed names them; group 0 holds general figures.

One place for the headings of the data-entry page, the read-only report and any listing by group.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GROUP_TITLES: dict[int, Promise] = {
    0: _("Thông tin chung"),
    1: _("Nhóm nhiệm vụ, giải pháp về lãnh đạo, chỉ đạo thực hiện Chiến lược Quốc gia về tăng trưởng xanh "
         "trong các cấp Công đoàn"),
    2: _("Nhóm nhiệm vụ, giải pháp tham gia xây dựng và hoàn thiện chính sách, pháp luật nhằm góp phần nâng cao "
         "hiệu quả quản lý nhà nước gắn kết với các mục tiêu tăng trưởng xanh"),
    3: _("Nhóm nhiệm vụ, giải pháp về truyền thông, giáo dục và nâng cao nhận thức về tăng trưởng xanh và bảo vệ "
         "môi trường"),
    4: _("Tham gia phát triển nguồn nhân lực và việc làm xanh"),
    5: _("Phát động các phong trào thi đua"),
    6: _("Nhóm nhiệm vụ, giải pháp về tham gia thanh tra, kiểm tra và giám sát việc thực hiện quy định pháp luật "
         "về bảo vệ môi trường, tăng trưởng xanh"),
    7: _("Nhóm nhiệm vụ, giải pháp về tăng cường đầu tư, dành nguồn lực tài chính Công đoàn cho việc thúc đẩy "
         "tăng trưởng xanh"),
    8: _("Nhóm nhiệm vụ, giải pháp về tăng cường hợp tác quốc tế trong việc thực hiện Chiến lược quốc gia về "
         "tăng trưởng xanh giai đoạn 2021 - 2030"),
}


def group_heading(group: int) -> str:
    """"1. Nhóm nhiệm vụ…" for groups 1–8, the bare title for group 0 and unknown groups."""
    title = GROUP_TITLES.get(group, _("Nhóm %(n)s") % {"n": group})
    return f"{group}. {title}" if 1 <= group <= 8 else str(title)
