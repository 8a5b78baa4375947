"""Starting unit kinds and sectors. They are data: administrators may add or rename them."""

from django.db import migrations

KINDS = [
    ("national", "Tổng Liên đoàn Lao động Việt Nam", "National confederation", False, 0),
    ("province", "Liên đoàn Lao động tỉnh, thành phố", "Provincial federation", False, 10),
    ("district", "Liên đoàn Lao động huyện, quận, thị xã, thành phố thuộc tỉnh", "District/city federation", False, 20),
    ("commune", "Công đoàn xã, phường, đặc khu", "Commune/ward union", False, 25),
    ("sector", "Công đoàn ngành", "Sector union", False, 30),
    ("civil_servants", "Công đoàn Viên chức", "Civil servants' union", False, 40),
    ("industrial_zone", "Công đoàn các Khu công nghiệp", "Industrial-zone union", False, 50),
    ("corporation", "Công đoàn Tổng công ty", "Corporation union", False, 60),
    ("grassroots", "Công đoàn cơ sở", "Grassroots union", True, 90),
]

SECTORS = [
    ("education", "Giáo dục - Đào tạo", "Education and training"),
    ("health", "Y tế", "Health"),
    ("public_admin", "Quản lý nhà nước", "Public administration"),
    ("manufacturing", "Công nghiệp chế biến, chế tạo", "Manufacturing"),
    ("textile", "Dệt may, da giày", "Textiles and footwear"),
    ("electronics", "Điện tử", "Electronics"),
    ("construction", "Xây dựng", "Construction"),
    ("transport", "Giao thông vận tải, logistics", "Transport and logistics"),
    ("energy", "Năng lượng", "Energy"),
    ("agriculture", "Nông, lâm, thủy sản", "Agriculture, forestry and fisheries"),
    ("trade", "Thương mại, dịch vụ", "Trade and services"),
    ("finance", "Tài chính, ngân hàng", "Finance and banking"),
    ("tourism", "Du lịch", "Tourism"),
    ("other", "Khác", "Other"),
]


def load(apps, schema_editor):
    UnitKind = apps.get_model("orgs", "UnitKind")
    Sector = apps.get_model("orgs", "Sector")
    for code, name, name_en, grassroots, order in KINDS:
        UnitKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "is_grassroots": grassroots, "order": order},
        )
    for code, name, name_en in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
