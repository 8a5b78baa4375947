"""The demo province: Hải Phòng after the July 2025 reorganisation, with an account per unit.

The tree is built in memory and bulk-inserted (greenplan.demo.bulk); the 2025 changes that
history must explain (a district federation dissolved, its units moved to ward unions, agency
unions ended, schools merged) then go through the ordinary services so UnitEvents exist.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from greenplan.accounts.models import Membership, Role, User, user_search_text
from greenplan.demo import data, synth
from greenplan.demo.bulk import Lookups, Spec, chunks, iter_units, next_root_path, write_units
from greenplan.demo.practices import forget_practice_files
from greenplan.orgs.models import TreeVersion, Unit, children_q, subtree_q
from greenplan.orgs.services import unit_dissolve, unit_merge, unit_move

DEFAULT_SEED = 2025
MERGE_DATE = datetime.date(2025, 8, 15)


@dataclass
class Summary:
    units: int
    superior: int
    grassroots: int
    ended: int
    accounts: int
    kept_accounts: int
    seconds: float


def demo_exists() -> bool:
    return Unit.objects.filter(code=data.ROOT_CODE).exists()


# --- the tree -------------------------------------------------------------------------------


class _Names:
    """Keeps grassroots names unique within the province, as a real register would."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{name} số {n}"
        self.used.add(candidate)
        return candidate


def _grassroots(parent: Spec, profile: synth.Profile, names: _Names) -> Spec:
    code = f"{parent.code}-{len(parent.children) + 1:04d}"
    return parent.add(Spec(
        code=code, name=names.unique(profile.name), kind="grassroots", members=profile.members,
        workers=profile.workers, sector=profile.sector, ownership=profile.ownership,
    ))


def _fill(parent: Spec, n: int, make: Callable[[random.Random], synth.Profile],
          rng: random.Random, names: _Names) -> None:
    for _ in range(n):
        profile = make(rng)
        for _retry in range(20):  # prefer another invented name to a "số 2" suffix
            if profile.name not in names.used:
                break
            profile = make(rng)
        _grassroots(parent, profile, names)


def _commune(root: Spec, suffix: str, name: str, n: int, rng: random.Random, names: _Names) -> Spec:
    commune = root.add(Spec(code=f"{root.code}-{suffix}", name=name, kind="commune",
                            valid_from=data.REORGANISED))
    level, place = _level_and_place(name)
    for template in data.AGENCY_TEMPLATES:
        _grassroots(commune, synth.agency(template, level, place, rng), names)
    _fill(commune, n - len(data.AGENCY_TEMPLATES), synth.local_unit, rng, names)
    return commune


def _level_and_place(commune_name: str) -> tuple[str, str]:
    rest = commune_name.removeprefix("Công đoàn ")
    for level in ("đặc khu", "phường", "xã"):
        if rest.startswith(level + " "):
            return level, rest.removeprefix(level + " ")
    return "", rest


def _sector_union(root: Spec, rng: random.Random, names: _Names,
                  suffix: str, name: str, sector: str, n: int, profile: str) -> Spec:
    union = root.add(Spec(code=f"{root.code}-{suffix}", name=name, kind="sector", sector=sector))
    _fill(union, n, getattr(synth, profile), rng, names)
    return union


def _port(transport_union: Spec, rng: random.Random, names: _Names) -> None:
    suffix, name, _n = data.PORT
    port = transport_union.add(Spec(code=f"{data.ROOT_CODE}-{suffix}", name=name, kind="corporation",
                                    sector="transport", ownership="state_owned"))
    for branch in data.PORT_BRANCHES:
        workers = synth.size(rng, 280, 0.6, 40, 1500)
        _grassroots(port, synth.Profile(branch, "transport", "state_owned", workers,
                                        synth.members_of(rng, workers, 0.92, 1.0)), names)


def _district(root: Spec, rng: random.Random, names: _Names) -> Spec:
    suffix, name, n = data.DISTRICT
    district = root.add(Spec(code=f"{root.code}-{suffix}", name=name, kind="district"))
    for template in data.AGENCY_TEMPLATES:
        _grassroots(district, synth.agency(template, "huyện", "Thủy Nguyên", rng), names)
    _fill(district, n - len(data.AGENCY_TEMPLATES), synth.private_company, rng, names)
    return district


def build_spec(seed: int = DEFAULT_SEED) -> Spec:
    """The whole demo province as it stood on 30/06/2025 plus the units created on 01/07/2025."""
    rng, names = random.Random(seed), _Names()
    root = Spec(code=data.ROOT_CODE, name=data.ROOT_NAME, kind="province")
    office = synth.agency("Công đoàn Cơ quan {kind} {place}", "Liên đoàn Lao động thành phố",
                          "Hải Phòng", rng)
    _grassroots(root, office, names)
    for suffix, name, n in data.COMMUNES:
        _commune(root, suffix, name, n, rng, names)
    suffix, name, n = data.INDUSTRIAL_ZONE
    zone = root.add(Spec(code=f"{root.code}-{suffix}", name=name, kind="industrial_zone"))
    _fill(zone, n, synth.zone_unit, rng, names)
    for row in data.SECTOR_UNIONS:
        union = _sector_union(root, rng, names, *row)
        if union.code == f"{root.code}-GTVT":
            _port(union, rng, names)
    _district(root, rng, names)
    return root


# --- accounts -------------------------------------------------------------------------------

SHORTER = [("Liên đoàn Lao động", "LĐLĐ"), ("Công đoàn", "CĐ"), ("Công ty Cổ phần", "Cty CP"),
           ("Công ty TNHH", "Cty TNHH"), ("Ủy ban nhân dân", "UBND")]


def chair_name(unit_name: str) -> str:
    for long, short in SHORTER:
        unit_name = unit_name.replace(long, short)
    return ("Chủ tịch " + unit_name)[:150]


def create_accounts(root: Unit, top: tuple[str, str, str], password: str = data.PASSWORD) -> tuple[int, int]:
    """An account per unit of `root`'s subtree, named after its code in lower case.

    `top` is (username, role, full name) for the root itself. Accounts that already exist keep
    their password and get the role. Returns (created, kept).
    """
    wanted = {top[0]: (root.pk, top[1], top[2])}
    rows = Unit.objects.filter(subtree_q(root.path)).exclude(pk=root.pk)
    for pk, code, name, grassroots in rows.values_list("pk", "code", "name", "kind__is_grassroots"):
        wanted[code.lower()] = (pk, Role.REPORTER if grassroots else Role.APPROVER, chair_name(name))
    existing = _users(list(wanted))
    hashed = make_password(password)  # Argon2 is slow by design: hash once, share the hash
    User.objects.bulk_create(
        [User(username=name, password=hashed, full_name=full, search_text=user_search_text(name, full, ""))
         for name, (_pk, _role, full) in wanted.items() if name not in existing],
        batch_size=2000,
    )
    for part in chunks(list(existing.values()), 5000):
        Membership.objects.filter(user_id__in=part, unit__in=Unit.objects.filter(subtree_q(root.path))).delete()
    users = _users(list(wanted))
    Membership.objects.bulk_create(
        [Membership(user_id=users[name], unit_id=pk, role=role) for name, (pk, role, _f) in wanted.items()],
        batch_size=2000,
    )
    return len(wanted) - len(existing), len(existing)


def _users(usernames: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunks(usernames, 5000):  # SQLite limits the number of query parameters
        found.update(User.objects.filter(username__in=part).values_list("username", "pk"))
    return found


# --- the 2025 changes, through the services --------------------------------------------------


def _by_code(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _children(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(children_q(unit)).order_by("path"))


def record_reorganisation(admin: User | None) -> None:
    """End the district federation: its agency unions end, its other units move to wards."""
    date = data.REORGANISED
    district = _by_code(f"{data.ROOT_CODE}-{data.DISTRICT[0]}")
    successors = [_by_code(f"{data.ROOT_CODE}-{code}") for code in data.DISTRICT_SUCCESSORS]
    for i, child in enumerate(_children(district)):
        if child.ownership == "state_agency":
            unit_dissolve(unit=child, date=date, actor=admin)
        else:
            unit_move(unit=child, new_parent=successors[i % len(successors)], date=date, actor=admin)
    unit_dissolve(unit=_by_code(district.code), date=date, successor=successors[0], actor=admin)
    _merge_schools(admin)


def _merge_schools(admin: User | None) -> None:
    schools = [u for u in _children(_by_code(f"{data.ROOT_CODE}-GD")) if "Trường Tiểu học" in u.name]
    for i in range(data.SCHOOL_MERGES):
        absorbed, into = schools[2 * i], schools[2 * i + 1]
        unit_merge(units=[absorbed], into=into, date=MERGE_DATE, actor=admin)


# --- the whole load --------------------------------------------------------------------------


def remove_demo() -> None:
    root = Unit.objects.filter(code=data.ROOT_CODE).first()
    if root is None:
        return
    codes = Unit.objects.filter(subtree_q(root.path)).values_list("code", flat=True)
    usernames = [c.lower() for c in codes if c != data.ROOT_CODE] + [data.ADMIN_USERNAME]
    forget_practice_files(root)
    User.objects.filter(username__in=usernames).delete()
    Unit.objects.filter(subtree_q(root.path)).delete()
    TreeVersion.bump()


@transaction.atomic
def load_demo(seed: int = DEFAULT_SEED) -> Summary:
    """Build the demo province and its accounts. The caller decides what to do if it exists."""
    started = time.perf_counter()
    spec = build_spec(seed)
    write_units(iter_units(spec, next_root_path(), Lookups()))
    root = _by_code(data.ROOT_CODE)
    new, kept = create_accounts(root, (data.ADMIN_USERNAME, Role.ADMIN, data.ADMIN_FULL_NAME))
    record_reorganisation(User.objects.filter(username=data.ADMIN_USERNAME).first())
    subtree = Unit.objects.filter(subtree_q(root.path))
    return Summary(
        units=subtree.count(),
        superior=subtree.filter(kind__is_grassroots=False).count(),
        grassroots=subtree.filter(kind__is_grassroots=True).count(),
        ended=subtree.filter(valid_to__isnull=False).count(),
        accounts=new + kept,
        kept_accounts=kept,
        seconds=time.perf_counter() - started,
    )
