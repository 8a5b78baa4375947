"""Demo good practices: models that grassroots unions of the demo province proposed and their
superiors published, written the way union reports describe them, plus a few still under review.

Bulk loader, like the demo reports: rows are written directly (no audit entries) and publication
does not touch the demo reports, which already carry G3_MODELS_SHARED. Each published practice
gets one drawn photo with its thumbnail (greenplan.demo.photos). Called by `load_demo`
after the reports, so that each published practice finds its half-year period when there is one.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from greenplan.accounts.models import User
from greenplan.demo.photos import practice_photo
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, children_q, subtree_q
from greenplan.practices.models import Practice, PracticeFile
from greenplan.practices.services import THUMBNAIL_SIZE
from greenplan.reporting.models import Period

# (parent code suffix, a word of the unit's name, group, title, what was done, results, days ago or None
# for a practice not yet published, status when not published)
PRACTICES: tuple[tuple[str, str, int, str, str, str, int | None], ...] = (
    ("KCN", "Thép", 7, "Thay đèn LED và lắp biến tần cho quạt hút tại xưởng cán",
     "Công đoàn đề xuất với Ban Giám đốc đưa nội dung tiết kiệm điện vào thỏa ước lao động tập thể; phối hợp "
     "phòng Cơ điện khảo sát 3 xưởng, thay 1.240 bóng huỳnh quang bằng đèn LED, lắp biến tần cho 18 quạt hút "
     "công suất lớn. Mỗi tổ sản xuất cử một đoàn viên làm \u201cngười giữ điện\u201d, tắt thiết bị khi nghỉ ca.",
     "Điện năng tiêu thụ giảm 14,6% so với cùng kỳ (khoảng 1,1 triệu kWh/năm), tiết kiệm gần 2,1 tỷ đồng; "
     "một phần tiền tiết kiệm được dùng thưởng cho 26 sáng kiến của người lao động.", 40),
    ("KCN", "Giày", 3, "Ngày thứ Bảy xanh: đổi rác thải nhựa lấy quà",
     "Thứ Bảy cuối mỗi tháng, Công đoàn tổ chức điểm đổi chai nhựa, vỏ lon, giấy vụn lấy túi vải, bình nước, "
     "cây xanh tại cổng nhà máy. Tuyên truyền qua loa phát thanh giờ nghỉ ca và nhóm Zalo của 62 tổ công đoàn.",
     "Sau 12 tháng thu gom 8,4 tấn rác tái chế; 4.300 lượt đoàn viên tham gia; nhà ăn ca không còn dùng hộp "
     "xốp và ống hút nhựa.", 75),
    ("KCN", "May", 5, "Phong trào \u201cXanh - Sạch - Đẹp, bảo đảm an toàn, vệ sinh lao động\u201d theo tổ sản xuất",
     "Chấm điểm hằng tháng 48 tổ may theo 10 tiêu chí: vệ sinh máy, lối thoát hiểm thông thoáng, phân loại vải "
     "vụn, tắt đèn và máy khi nghỉ. Tổ dẫn đầu được treo cờ thi đua và thưởng 500.000 đồng.",
     "Tai nạn lao động nhẹ giảm từ 9 vụ xuống 2 vụ/năm; 100% vải vụn được bán cho cơ sở tái chế, thu 96 "
     "triệu đồng bổ sung quỹ phúc lợi.", 120),
    ("KCN", "Điện tử", 4, "Lớp kỹ năng xanh cho công nhân trước khi chuyển sang dây chuyền mới",
     "Công đoàn phối hợp phòng Nhân sự và Trường Cao đẳng nghề mở 6 lớp, mỗi lớp 3 buổi ngoài giờ: vận hành "
     "máy tiết kiệm năng lượng, phân loại chất thải nguy hại, an toàn hóa chất. Công đoàn hỗ trợ tiền ăn tối.",
     "312 công nhân hoàn thành khóa học; không có trường hợp nào phải nghỉ việc khi chuyển dây chuyền; tỷ lệ "
     "lỗi sản phẩm do thao tác giảm 21%.", 160),
    ("KCN", "Thực phẩm", 6, "Tổ giám sát nước thải của Công đoàn cơ sở",
     "Thành lập tổ 5 đoàn viên (có 2 kỹ sư môi trường) kiểm tra hằng quý hệ thống xử lý nước thải, đối chiếu "
     "sổ theo dõi với kết quả quan trắc; kiến nghị bằng văn bản tại hội nghị đối thoại định kỳ.",
     "Phát hiện và đề nghị thay bơm định lượng hỏng; doanh nghiệp đầu tư 1,4 tỷ đồng nâng cấp bể lắng; hai "
     "năm liền không bị cơ quan chức năng xử phạt về môi trường.", 210),
    ("KCN", "Nhựa", 3, "Góc tuyên truyền tăng trưởng xanh tại nhà ăn ca",
     "Mỗi tuần thay một bản tin khổ A1 về tiết kiệm năng lượng, tiêu dùng xanh, nhãn năng lượng; phát câu "
     "hỏi trắc nghiệm trên mặt bàn ăn, bốc thăm trúng thưởng cuối tháng.",
     "Khảo sát sau 6 tháng: 87% công nhân biết nhãn năng lượng (trước là 34%); 1.150 lượt tham gia trả lời.",
     250),
    ("HAIAN", "Dệt may|May", 5, "Tổ tự quản \u201cxanh, sạch, đẹp, an toàn\u201d tại khu nhà trọ công nhân",
     "Công đoàn phối hợp Ban công tác Mặt trận tổ dân phố và 14 chủ nhà trọ lập tổ tự quản; mỗi dãy trọ bầu "
     "một tổ trưởng; bố trí thùng phân loại rác, bình chữa cháy, đèn chiếu sáng lối đi; sinh hoạt 2 tháng/lần.",
     "420 công nhân thuê trọ được hưởng lợi; không xảy ra cháy nổ, mất trộm; mô hình được phường nhân rộng "
     "ra 5 khu trọ khác.", 95),
    ("HAIAN", "Bao bì|Nhựa|Công ty", 7, "Quỹ sáng kiến xanh từ kinh phí Công đoàn",
     "Công đoàn trích 30 triệu đồng/năm lập quỹ thưởng sáng kiến giảm tiêu hao vật tư, năng lượng; hội đồng "
     "gồm Công đoàn và phòng Kỹ thuật chấm điểm theo số tiền làm lợi.",
     "Năm đầu có 19 sáng kiến, làm lợi 740 triệu đồng (tận dụng giấy lõi, thu hồi nhiệt lò sấy); 11 sáng kiến "
     "được khen thưởng.", 300),
    ("HAIAN", "Ủy ban nhân dân", 1, "Lồng ghép tiêu chí tăng trưởng xanh vào xếp loại công đoàn cơ sở",
     "Ban Chấp hành ra nghị quyết chuyên đề; đưa 4 tiêu chí (tiết kiệm điện, giấy, không dùng đồ nhựa một lần, "
     "tham gia trồng cây) vào bình xét thi đua cuối năm của công đoàn bộ phận.",
     "Văn phòng phẩm giảm 23%, điện giảm 11%; 100% cuộc họp không dùng chai nhựa.", 330),
    ("GD", "Mầm non", 3, "Trường mầm non \u201cBé yêu môi trường\u201d: đồ chơi từ vật liệu tái chế",
     "Công đoàn phát động giáo viên làm đồ dùng học tập từ chai lọ, bìa các-tông; tổ chức hội thi cấp trường và "
     "triển lãm cho phụ huynh; mỗi lớp có góc phân loại rác.",
     "46 giáo viên làm được 380 đồ dùng; tiết kiệm khoảng 25 triệu đồng mua sắm; phụ huynh góp 2 tạ vật liệu "
     "tái chế.", 60),
    ("GD", "Tiểu học", 3, "Đổi giấy vụn lấy cây xanh và học bổng cho học sinh khó khăn",
     "Công đoàn phối hợp Liên đội tổ chức 3 đợt thu gom giấy vụn mỗi năm học; tiền bán giấy lập quỹ học bổng; "
     "mỗi kg giấy đổi một phiếu, 10 phiếu đổi một cây giống.",
     "Thu 4,2 tấn giấy vụn, trồng 310 cây trong khuôn viên và khu dân cư; trao 24 suất học bổng.", 140),
    ("GD", "THCS", 4, "Câu lạc bộ giáo viên \u201cNăng lượng xanh\u201d",
     "Tổ chức 8 buổi sinh hoạt chuyên đề về điện mặt trời, hiệu quả năng lượng cho giáo viên Vật lý, Công nghệ; "
     "biên soạn 12 giáo án tích hợp nội dung tăng trưởng xanh.",
     "12 giáo án được Phòng Giáo dục chia sẻ cho các trường; 35 giáo viên tham gia; học sinh làm 9 mô hình "
     "dự thi khoa học kỹ thuật.", 185),
    ("GD", "THPT", 7, "Lắp điện mặt trời mái nhà bằng nguồn xã hội hóa do Công đoàn vận động",
     "Công đoàn vận động cựu học sinh, phụ huynh đóng góp; báo cáo công khai tại hội nghị cán bộ, công chức, "
     "viên chức; lắp hệ thống 30 kWp trên mái nhà đa năng.",
     "Sản lượng bình quân 3.400 kWh/tháng, giảm khoảng 38% tiền điện của trường; dùng làm nơi học tập "
     "thực tế cho 1.200 học sinh.", 400),
    ("YT", "Bệnh viện", 6, "Giám sát phân loại chất thải y tế tại khoa phòng",
     "Công đoàn cơ sở cử 22 tổ trưởng công đoàn phối hợp Phòng Điều dưỡng kiểm tra đột xuất việc phân loại "
     "chất thải lây nhiễm, sắc nhọn, tái chế; kết quả công khai hằng tháng trên bảng tin.",
     "Tỷ lệ phân loại đúng tăng từ 71% lên 96%; lượng chất thải phải xử lý như chất thải lây nhiễm giảm 18%, "
     "tiết kiệm 160 triệu đồng/năm chi phí xử lý.", 55),
    ("YT", "Trung tâm Y tế", 3, "\u201cBệnh viện không khói thuốc, không rác thải nhựa\u201d",
     "Phát động cán bộ, nhân viên y tế cam kết không dùng cốc, chai nhựa một lần; trang bị bình nước cá nhân "
     "cho 180 đoàn viên; tuyên truyền người nhà bệnh nhân qua loa và tờ rơi.",
     "Mỗi tháng giảm khoảng 9.000 chai, cốc nhựa; 100% khoa phòng ký cam kết.", 230),
    ("GTVT-CANG", "Cảng", 7, "Chuyển đổi xe nâng dầu sang xe nâng điện do Công đoàn đề xuất",
     "Qua đối thoại định kỳ, Công đoàn kiến nghị chuyển dần xe nâng dầu sang xe nâng điện trong kho kín để "
     "giảm khí thải, tiếng ồn; tổ chức tập huấn vận hành cho 40 công nhân lái xe.",
     "Đã thay 12/20 xe; nồng độ CO trong kho giảm rõ rệt; chi phí nhiên liệu giảm 1,6 tỷ đồng/năm.", 110),
    ("GTVT-CANG", "Cảng", 5, "Thi đua \u201cCầu tàu xanh\u201d giữa các tổ xếp dỡ",
     "Chấm điểm theo ca: thu dọn dây chằng, pallet hỏng; không để dầu rò rỉ; thời gian chờ tàu tắt máy. Kết quả "
     "công bố hằng tuần, thưởng quý cho 3 tổ dẫn đầu.",
     "Sự cố rò rỉ dầu giảm từ 7 xuống 1 vụ/năm; 14 tổ với 310 công nhân tham gia.", 280),
    ("XD", "Xây lắp", 6, "Công đoàn tham gia kiểm tra an toàn, vệ sinh lao động và bụi tại công trường",
     "Mạng lưới an toàn vệ sinh viên 32 người kiểm tra hằng tuần: che chắn vật liệu, phun nước giảm bụi, rửa "
     "xe trước khi ra khỏi công trường, trang bị khẩu trang cho công nhân.",
     "Không có tai nạn lao động nặng trong 2 năm; chủ đầu tư không nhận phản ánh nào của người dân về bụi.", 175),
    ("GTVT", "Vận tải", 3, "Tập huấn lái xe sinh thái cho lái xe container",
     "Công đoàn phối hợp phòng Kỹ thuật mở lớp \u201clái xe sinh thái\u201d: tăng tốc đều, không nổ máy chờ, "
     "kiểm tra áp suất lốp; theo dõi mức tiêu hao nhiên liệu từng xe và công khai hằng tháng.",
     "86 lái xe tham gia; tiêu hao nhiên liệu bình quân giảm 7,5%; tiền thưởng tiết kiệm nhiên liệu chia lại "
     "cho lái xe.", 260),
    ("GTVT", "Logistics", 2, "Góp ý quy chế nội bộ về mua sắm xanh",
     "Công đoàn lấy ý kiến đoàn viên và góp ý bằng văn bản vào quy chế mua sắm của công ty: ưu tiên sản phẩm "
     "có nhãn năng lượng, nhãn sinh thái; không mua văn phòng phẩm nhựa dùng một lần.",
     "Quy chế được ban hành; 41% giá trị mua sắm năm có nhãn xanh (vượt mục tiêu 35%).", 360),
    ("KCN", "Giày", 8, "Học tập mô hình công đoàn xanh của đối tác Hàn Quốc",
     "Công đoàn cùng Ban Giám đốc tiếp nhận đoàn công đoàn của tập đoàn mẹ; trao đổi kinh nghiệm tổ chức "
     "\u201cNgày không xe máy\u201d và xe đưa đón công nhân; dịch tài liệu hướng dẫn sang tiếng Việt.",
     "Triển khai 8 tuyến xe đưa đón cho 1.900 công nhân; giảm khoảng 1.400 lượt xe máy mỗi ngày vào khu công "
     "nghiệp.", 390),
    ("HAIAN", "Trung tâm Phục vụ", 3, "Văn phòng không giấy: ký số và họp không giấy",
     "Công đoàn vận động đoàn viên dùng chữ ký số, tài liệu họp gửi trên phần mềm; hướng dẫn trực tiếp cho "
     "đoàn viên lớn tuổi; thi đua giữa các bộ phận theo số trang in.",
     "Lượng giấy in giảm 62% (khoảng 180 ram/năm); 100% hồ sơ công đoàn lưu trữ điện tử.", 20),
    # Still under review: a proposal and one returned for more figures.
    ("KCN", "Thực phẩm", 7, "Thu hồi nước ngưng lò hơi để tưới cây",
     "Công đoàn đề xuất tận dụng nước ngưng lò hơi để tưới 2.000 m² cây xanh trong nhà máy.",
     "Dự kiến tiết kiệm 1.200 m³ nước mỗi năm.", None),
    ("GD", "Tiểu học", 3, "Vườn rau sạch của nhà trường",
     "Giáo viên và học sinh trồng rau trên 150 m² đất trống.", "", None),
)
RETURNED_TITLE = "Vườn rau sạch của nhà trường"


def _unit(parent: Unit, words: str, taken: set[int]) -> Unit | None:
    """An active grassroots unit under `parent` whose name has the first of the `|`-separated words
    that any unit's name has (names are drawn at random per seed), one not used yet when possible."""
    units = list(Unit.objects.active().filter(children_q(parent), kind__is_grassroots=True).order_by("path"))
    for word in [*words.split("|"), "Công ty", ""]:
        found = [u for u in units if fold(word) in fold(u.name)]
        fresh = [u for u in found if u.pk not in taken]
        if fresh or found:
            return (fresh or found)[0]
    return None


def _period(day: datetime.date) -> Period | None:
    return Period.objects.filter(start__lte=day, end__gte=day).order_by("start").first()


def load_demo_practices(root: Unit) -> int:
    """Write the demo practices under `root`; returns how many are published."""
    users = {u.username: u for u in User.objects.filter(username__in=[f"{root.code}-{p[0]}".lower()
                                                                          for p in PRACTICES])}
    now = timezone.now()
    taken: set[int] = set()
    published = 0
    for number, (suffix, word, group, title, done, results, days_ago) in enumerate(PRACTICES, start=1):
        parent = Unit.objects.filter(code=f"{root.code}-{suffix}").first()
        unit = _unit(parent, word, taken) if parent else None
        if unit is None:
            continue
        taken.add(unit.pk)
        reviewer = users.get(parent.code.lower()) if parent else None
        proposed_at = now - datetime.timedelta(days=(days_ago or 3) + 9)
        practice = Practice(unit=unit, group=group, title=title, done=done, results=results, proposed_at=proposed_at,
                            proposed_by=User.objects.filter(username=unit.code.lower()).first(),
                            search_text=fold(" ".join([title, done, results, unit.name, unit.code])))
        if days_ago is not None:
            practice.status = Practice.Status.PUBLISHED
            practice.published_at = now - datetime.timedelta(days=days_ago)
            practice.published_period = _period(timezone.localdate(practice.published_at))
            practice.reviewed_by = reviewer
            published += 1
        elif title == RETURNED_TITLE:
            practice.status = Practice.Status.RETURNED
            practice.reviewed_by = reviewer
            practice.review_comment = ("Đề nghị bổ sung: sản lượng rau thu hoạch, số học sinh tham gia và cách "
                                       "nhà trường dùng rau (bữa bán trú, bán gây quỹ…).")
        practice.save()
        if practice.is_published:
            _attach_photo(practice, number)
    return published


def _attach_photo(practice: Practice, number: int) -> None:
    """One drawn photo and its thumbnail, as if the unit had uploaded a picture of the event."""
    photo, thumb = practice_photo(practice.title, practice.group, number, THUMBNAIL_SIZE)
    row = PracticeFile(practice=practice, name=f"anh-mo-hinh-{number:02d}.jpg", size=len(photo),
                       uploaded_by=practice.proposed_by)
    row.file.save(row.name, ContentFile(photo), save=False)
    row.thumbnail.save(f"thumb-anh-mo-hinh-{number:02d}.jpg", ContentFile(thumb),
                       save=False)
    row.save()


def forget_practice_files(root: Unit) -> None:
    """Delete the stored files of the practices under `root` once the rows are gone (after the
    commit), so that `load_demo --force` does not leave a megabyte of orphaned photos each time."""
    files = [(f.file.storage, name) for f in PracticeFile.objects.filter(practice__unit__in=Unit.objects.filter(
        subtree_q(root.path))) for name in (f.file.name, f.thumbnail.name) if name]

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)
