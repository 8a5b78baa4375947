"""Content of the demo province and of the synthetic national tree: names, not logic.

Hải Phòng after the July 2025 reorganisation (it absorbed Hải Dương): district federations
ended, commune/ward unions became the intermediate level, the industrial-zone union and a few
sector unions remained. Company names are invented; place names are real.
"""

import datetime

ROOT_CODE = "HP"
ROOT_NAME = "Liên đoàn Lao động thành phố Hải Phòng"
PASSWORD = "green-2030"
ADMIN_USERNAME = "admin"
ADMIN_FULL_NAME = "Quản trị Liên đoàn Lao động thành phố Hải Phòng"

LONG_AGO = datetime.date(2000, 1, 1)
REORGANISED = datetime.date(2025, 7, 1)  # first day of the new structure (old one ended 30/06/2025)

# (code suffix, name, number of grassroots units)
COMMUNES = [
    ("HONGBANG", "Công đoàn phường Hồng Bàng", 38),
    ("NGOQUYEN", "Công đoàn phường Ngô Quyền", 36),
    ("LECHAN", "Công đoàn phường Lê Chân", 34),
    ("HAIAN", "Công đoàn phường Hải An", 40),
    ("KIENAN", "Công đoàn phường Kiến An", 24),
    ("DOSON", "Công đoàn phường Đồ Sơn", 18),
    ("THUYNGUYEN", "Công đoàn phường Thủy Nguyên", 26),
    ("BACHDANG", "Công đoàn phường Bạch Đằng", 16),
    ("ANDUONG", "Công đoàn phường An Dương", 28),
    ("HAIDUONG", "Công đoàn phường Hải Dương", 34),
    ("ANLAO", "Công đoàn xã An Lão", 14),
    ("TIENLANG", "Công đoàn xã Tiên Lãng", 13),
    ("VINHBAO", "Công đoàn xã Vĩnh Bảo", 12),
    ("CATHAI", "Công đoàn đặc khu Cát Hải", 12),
]
INDUSTRIAL_ZONE = ("KCN", "Công đoàn các Khu công nghiệp Hải Phòng", 420)
# (code suffix, name, sector code, number of grassroots units, profile)
SECTOR_UNIONS = [
    ("GD", "Công đoàn ngành Giáo dục", "education", 240, "school"),
    ("YT", "Công đoàn ngành Y tế", "health", 70, "health"),
    ("GTVT", "Công đoàn ngành Giao thông vận tải", "transport", 34, "transport"),
    ("XD", "Công đoàn ngành Xây dựng", "construction", 30, "construction"),
]
# The deeper branch: a corporation-level union under the transport sector union.
PORT = ("GTVT-CANG", "Công đoàn Cảng Hải Phòng", 9)
PORT_BRANCHES = [
    "Công đoàn Chi nhánh Cảng Tân Vũ",
    "Công đoàn Chi nhánh Cảng Chùa Vẽ",
    "Công đoàn Xí nghiệp Cảng Hoàng Diệu",
    "Công đoàn Chi nhánh Cảng Lạch Huyện",
    "Công đoàn Xí nghiệp Xếp dỡ Đình Vũ",
    "Công đoàn Trung tâm Điều độ Cảng",
    "Công đoàn Xí nghiệp Cơ giới Cảng",
    "Công đoàn Chi nhánh Đại lý và Logistics Cảng",
    "Công đoàn Phòng khám Đa khoa Cảng",
]
# The former district federation, dissolved at the reorganisation; its units moved.
DISTRICT = ("THUYNGUYEN-CU", "Liên đoàn Lao động huyện Thủy Nguyên", 24)
DISTRICT_SUCCESSORS = ["THUYNGUYEN", "BACHDANG"]

# Names used inside generated names.
PLACES = [
    "Hồng Bàng", "Ngô Quyền", "Lê Chân", "Hải An", "Kiến An", "Đồ Sơn", "Dương Kinh", "Thủy Nguyên",
    "Bạch Đằng", "Lưu Kiếm", "An Dương", "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải",
    "Đình Vũ", "Tràng Duệ", "Nomura", "Đồ Sơn", "Lạch Tray", "Cầu Rào", "Đông Hải", "Nam Triệu",
    "Hải Dương", "Thanh Hà", "Kinh Môn", "Chí Linh", "Nam Sách", "Cẩm Giàng", "Gia Lộc", "Tứ Kỳ",
]
PEOPLE = [
    "Lê Lợi", "Ngô Quyền", "Trần Phú", "Nguyễn Trãi", "Lý Thường Kiệt", "Trần Hưng Đạo",
    "Nguyễn Du", "Chu Văn An", "Lê Quý Đôn", "Nguyễn Bỉnh Khiêm", "Võ Thị Sáu", "Kim Đồng",
    "Lê Hồng Phong", "Phan Bội Châu", "Hoàng Văn Thụ", "Tô Hiệu", "Nguyễn Đức Cảnh", "Lê Chân",
    "Bạch Đằng", "Quang Trung", "Hai Bà Trưng", "Đinh Tiên Hoàng", "Nguyễn Huệ", "Trưng Vương",
]
BRANDS_VN = [
    "Hoàng Long", "Thành Đạt", "Minh Phát", "Hải Âu", "Sao Biển", "Đại Dương", "Phú Cường",
    "Việt Thắng", "An Phát", "Tân Cảng", "Hưng Thịnh", "Bình Minh", "Kim Thành", "Đông Á",
    "Nam Hải", "Thái Bình Dương", "Trường Sơn", "Hồng Hà", "Lạch Tray", "Xanh Việt", "Cát Bà",
    "Đức Phong", "Phương Nam", "Ánh Dương", "Thịnh Vượng", "Hải Linh", "Quốc Tuấn", "Tiến Đạt",
]
BRANDS_FDI = [
    "Seoul Tech", "Hanil", "Daesung", "Kyungbang", "Shinwon", "Yokohama Seiki", "Nikko Denshi",
    "Toyo Parts", "Fuji Precision", "Sakura Wire", "Chenghong", "Jinhua", "Everwin", "Foxlink",
    "Hoa Phát Precision", "Golden Bay", "Pegasus", "Meiko", "Ryoden", "Kaneta", "Sunrise Apparel",
    "Pou Yuen", "Regina Miracle", "Bridgestone", "Kyocera", "LS Cable", "Fuji Xerox", "Vinasun",
]
# (business line in the name, sector code)
LINES = [
    ("Điện tử", "electronics"), ("Linh kiện điện tử", "electronics"), ("Dệt may", "textile"),
    ("May mặc", "textile"), ("Giày da", "textile"), ("Cơ khí", "manufacturing"),
    ("Nhựa", "manufacturing"), ("Thép", "manufacturing"), ("Bao bì", "manufacturing"),
    ("Thực phẩm", "manufacturing"), ("Hóa chất", "manufacturing"), ("Xây dựng", "construction"),
    ("Vật liệu xây dựng", "construction"), ("Vận tải biển", "transport"), ("Logistics", "transport"),
    ("Thương mại", "trade"), ("Dịch vụ", "trade"), ("Thủy sản", "agriculture"),
    ("Du lịch", "tourism"), ("Năng lượng", "energy"), ("Điện lực", "energy"),
]
FDI_LINES = [line for line in LINES if line[1] in {"electronics", "textile", "manufacturing", "energy"}]

SCHOOL_LEVELS = [
    ("Trường Mầm non", 0.30), ("Trường Tiểu học", 0.30), ("Trường THCS", 0.25),
    ("Trường THPT", 0.12), ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", 0.03),
]
HEALTH_UNITS = [
    "Bệnh viện Hữu nghị Việt Tiệp", "Bệnh viện Trẻ em Hải Phòng", "Bệnh viện Phụ sản Hải Phòng",
    "Bệnh viện Kiến An", "Bệnh viện Mắt Hải Phòng", "Bệnh viện Tâm thần Hải Phòng",
    "Bệnh viện Phổi Hải Phòng", "Bệnh viện Y học cổ truyền Hải Phòng", "Bệnh viện Đa khoa tỉnh Hải Dương",
    "Trung tâm Kiểm soát bệnh tật Hải Phòng", "Trung tâm Cấp cứu 115 Hải Phòng",
]
CONSTRUCTION_PREFIXES = [
    "Công ty Cổ phần Xây dựng", "Công ty TNHH Tư vấn Thiết kế", "Công ty Cổ phần Đầu tư Xây lắp",
]
TRANSPORT_PREFIXES = [
    "Công ty Cổ phần Vận tải", "Công ty TNHH Logistics", "Công ty Cổ phần Xe khách", "Công ty TNHH Đại lý Hàng hải",
]
AGENCY_TEMPLATES = [
    "Công đoàn cơ quan Ủy ban nhân dân {kind} {place}",
    "Công đoàn cơ quan Đảng ủy {kind} {place}",
    "Công đoàn Trung tâm Phục vụ hành chính công {kind} {place}",
]

# 2025 changes recorded as events after the tree is built (besides the district above).
DISSOLVED_AGENCIES = 3  # grassroots unions of fully state-funded agencies that ended
SCHOOL_MERGES = 2  # pairs of schools merged into a third one

# The 34 provinces and cities after 1 July 2025.
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
NATIONAL_CODE = "TLD"
NATIONAL_NAME = "Tổng Liên đoàn Lao động Việt Nam"
NATIONAL_SECTORS = [
    ("Giáo dục", "education"), ("Y tế", "health"), ("Giao thông vận tải", "transport"),
    ("Xây dựng", "construction"), ("Công Thương", "manufacturing"), ("Nông nghiệp và Môi trường", "agriculture"),
]
