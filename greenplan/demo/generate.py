"""A synthetic national tree for load tests and measurements (manage.py generate_org).

TLD (the confederation) → provinces → commune/ward unions, industrial-zone unions, sector
unions (some with corporation unions below) and a few grassroots units directly under the
province → grassroots units. Grassroots depth therefore varies from 3 to 5.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction

from greenplan.accounts.models import User
from greenplan.demo import data, synth
from greenplan.demo.bulk import (
    BATCH_SIZE,
    Lookups,
    Spec,
    chunks,
    iter_units,
    next_root_path,
    to_unit,
    write_units,
)
from greenplan.orgs.models import TreeVersion, Unit

SECTOR_PROFILES: dict[str, Callable[[random.Random], synth.Profile]] = {
    "education": synth.school,
    "health": synth.health,
    "transport": synth.transport,
    "construction": synth.construction,
    "manufacturing": synth.state_company,
    "agriculture": synth.cooperative,
}
# Share of a province's grassroots units under each kind of parent.
SHARES = {"direct": 0.02, "zone": 0.28, "sector": 0.27, "commune": 0.43}
UNITS_PER_COMMUNE = 45


@dataclass
class Options:
    grassroots: int
    provinces: int = len(data.PROVINCES)
    seed: int = 1
    batch_size: int = BATCH_SIZE


def split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _fill(parent: Spec, n: int, make: Callable[[random.Random], synth.Profile], rng: random.Random) -> None:
    for i in range(1, n + 1):
        p = make(rng)
        parent.add(Spec(code=f"{parent.code}-{i:05d}", name=p.name, kind="grassroots", members=p.members,
                        workers=p.workers, sector=p.sector, ownership=p.ownership))


def _province_name(index: int) -> str:
    if index <= len(data.PROVINCES):
        name = data.PROVINCES[index - 1]
        return f"Liên đoàn Lao động {'thành phố' if name in data.CITIES else 'tỉnh'} {name}"
    return f"Liên đoàn Lao động tỉnh thử nghiệm {index}"


def _sectors(province: Spec, n: int, rng: random.Random) -> None:
    chosen = data.NATIONAL_SECTORS[:2] + rng.sample(data.NATIONAL_SECTORS[2:], 2)
    for i, (count, (label, sector)) in enumerate(zip(split(n, [3, 2, 1, 1]), chosen, strict=True), 1):
        union = province.add(Spec(code=f"{province.code}-S{i}", name=f"Công đoàn ngành {label}",
                                  kind="sector", sector=sector))
        make = SECTOR_PROFILES[sector]
        if sector in ("transport", "construction", "manufacturing") and count:
            below = max(1, count * 2 // 5)
            corporations = min(rng.randint(1, 3), below)
            for j, part in enumerate(split(below, [1] * corporations), 1):
                corp = union.add(Spec(code=f"{union.code}-T{j}", name=f"Công đoàn Tổng công ty {label} {j}",
                                      kind="corporation", sector=sector, ownership="state_owned"))
                _fill(corp, part, synth.state_company, rng)
            count -= below
        _fill(union, count, make, rng)


def _communes(province: Spec, n: int, rng: random.Random) -> None:
    number = max(1, round(n / UNITS_PER_COMMUNE))
    for i, count in enumerate(split(n, [rng.uniform(0.5, 1.5) for _ in range(number)]), 1):
        place = rng.choice(data.PLACES)
        level = rng.choice(["phường", "xã", "xã"])
        commune = province.add(Spec(code=f"{province.code}-C{i:03d}", name=f"Công đoàn {level} {place}",
                                    kind="commune", valid_from=data.REORGANISED))
        _fill(commune, count, synth.local_unit, rng)


def _zones(province: Spec, n: int, rng: random.Random) -> None:
    zones = 1 if n < 3000 else 2
    for i, count in enumerate(split(n, [1] * zones), 1):
        zone = province.add(Spec(code=f"{province.code}-K{i}", name=f"Công đoàn các Khu công nghiệp {i}",
                                 kind="industrial_zone"))
        _fill(zone, count, synth.zone_unit, rng)


def province_spec(index: int, n: int, rng: random.Random) -> Spec:
    province = Spec(code=f"{data.NATIONAL_CODE}-P{index:02d}", name=_province_name(index), kind="province")
    direct, zone, sector, commune = split(n, list(SHARES.values()))
    _fill(province, direct, synth.private_company, rng)
    _zones(province, zone, rng)
    _sectors(province, sector, rng)
    _communes(province, commune, rng)
    return province


def province_sizes(options: Options, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.4, 2.0) for _ in range(options.provinces)]
    for big in (0, data.PROVINCES.index("Hồ Chí Minh")):  # Hà Nội and Hồ Chí Minh are far larger
        if big < len(weights):
            weights[big] *= 4
    return split(options.grassroots, weights)


def national_units(options: Options, lookups: Lookups) -> Iterator[Unit]:
    """The whole tree in path order, one province in memory at a time."""
    rng = random.Random(options.seed)
    root_path = next_root_path()
    root = Spec(code=data.NATIONAL_CODE, name=data.NATIONAL_NAME, kind="national")
    yield to_unit(root, root_path, lookups, numchild=options.provinces)
    for index, n in enumerate(province_sizes(options, rng), 1):
        yield from iter_units(province_spec(index, n, rng), Unit._get_path(root_path, 2, index), lookups)


def national_root() -> Unit | None:
    return Unit.objects.filter(code=data.NATIONAL_CODE).first()


@transaction.atomic
def remove_national() -> int:
    root = national_root()
    if root is None:
        return 0
    subtree = Unit.objects.filter(path__startswith=root.path)
    usernames = [code.lower() for code in subtree.values_list("code", flat=True)]
    for part in chunks(usernames, 5000):  # the accounts made by --accounts
        User.objects.filter(username__in=part).delete()
    deleted, _ = subtree.delete()
    TreeVersion.bump()
    return deleted


@transaction.atomic
def generate(options: Options) -> int:
    """Write the national tree; returns the number of units. The caller checks for an old one."""
    return write_units(national_units(options, Lookups()), options.batch_size)
