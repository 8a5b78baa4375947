"""The union's organisation tree.

Units are stored as a materialized path (django-treebeard MP_Node): a subtree is one indexed
`path LIKE 'prefix%'` range scan and the ancestors of a unit are computed from its own path,
so neither needs recursion. docs/architecture.md has the measurements behind this choice.
"""

import datetime

from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from greenplan.lib.text import fold

CODE_PATTERN = r"^[A-Z0-9._-]+$"
code_validator = RegexValidator(
    CODE_PATTERN, _("Mã đơn vị chỉ gồm chữ in hoa không dấu A-Z, chữ số và các ký tự . _ -")
)


def subtree_q(path: str, prefix: str = "") -> Q:
    """Units whose path starts with `path` (the unit and its subtree).

    SQLite never uses an index for LIKE 'prefix%' (its LIKE is case-insensitive), so there the
    same set is written as a range: every path character sorts below "~". PostgreSQL uses its
    varchar_pattern_ops index for LIKE and might sort "~" differently under a locale collation.
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + "~"})
    return Q(**{f"{prefix}path__startswith": path})


def children_q(parent: "Unit", prefix: str = "") -> Q:
    return subtree_q(parent.path, prefix) & Q(**{f"{prefix}depth": parent.depth + 1})


class UnitKind(models.Model):
    """A kind of union body. Kinds are data: the 2025 reorganisation added and removed some."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    is_grassroots = models.BooleanField(_("công đoàn cơ sở"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("loại đơn vị")

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ngành, lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Ownership(models.TextChoices):
    STATE_AGENCY = "state_agency", _("Cơ quan hành chính nhà nước")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    STATE_OWNED = "state_owned", _("Doanh nghiệp nhà nước")
    PRIVATE = "private", _("Doanh nghiệp ngoài nhà nước")
    FOREIGN_INVESTED = "foreign_invested", _("Doanh nghiệp có vốn đầu tư nước ngoài")


class UnitQuerySet(MP_NodeQuerySet):
    def active(self, on: datetime.date | None = None) -> "UnitQuerySet":
        on = on or datetime.date.today()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on)

    def subtree_of(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(subtree_q(unit.path))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=255)
    search_text = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, verbose_name=_("loại"))
    members = models.PositiveIntegerField(_("số đoàn viên"), default=0)
    workers = models.PositiveIntegerField(_("số người lao động"), default=0)
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("ngành, lĩnh vực")
    )
    ownership = models.CharField(_("loại hình"), max_length=20, choices=Ownership.choices, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN),
                name="unit_code_charset",
                violation_error_message=_("Mã đơn vị chỉ gồm chữ in hoa không dấu A-Z, chữ số và các ký tự . _ -"),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]
        indexes = [
            # LIKE 'prefix%' needs pattern ops on PostgreSQL unless the database uses the C collation.
            models.Index(fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["depth", "path"], name="unit_depth_path"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.name} {self.code}")[:300]

    @property
    def is_active(self) -> bool:
        today = datetime.date.today()
        return self.valid_from <= today and (self.valid_to is None or self.valid_to > today)

    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]


class UnitEvent(models.Model):
    """A change of the tree, kept so history can be explained after restructuring."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Thành lập")
        UPDATED = "updated", _("Cập nhật thông tin")
        MOVED = "moved", _("Chuyển đơn vị cấp trên")
        MERGED = "merged", _("Hợp nhất vào đơn vị khác")
        SPLIT = "split", _("Chia tách")
        DISSOLVED = "dissolved", _("Giải thể")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    from_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    successor = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit_id} {self.date:%d/%m/%Y}"


class TreeVersion(models.Model):
    """One row whose number grows with every change to the tree (a unit created, moved,
    dissolved, merged, edited or bulk-loaded). Figures derived from the tree's shape — how many
    units each subtree expects to report — are stored with the version they were computed at
    and ignored once it has moved on."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"tree v{self.version}"

    @classmethod
    def current(cls) -> int:
        row = cls.objects.filter(pk=1).values_list("version", flat=True).first()
        return row or 0

    @classmethod
    def bump(cls) -> None:
        # An UPDATE, not read-then-write: two concurrent changes both move the number.
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
