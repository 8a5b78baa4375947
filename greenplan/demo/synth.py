"""Plausible grassroots unions: a name consistent with sector and ownership, and sizes.

Every function takes the caller's seeded `random.Random`, so the same seed gives the same tree.
"""

import math
import random
from dataclasses import dataclass

from greenplan.demo import data
from greenplan.orgs.models import Ownership


@dataclass(frozen=True)
class Profile:
    name: str
    sector: str
    ownership: str
    workers: int
    members: int


def size(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    """A log-normal head count: many small units, a few very large ones."""
    return int(min(high, max(low, rng.lognormvariate(math.log(median), sigma))))


def members_of(rng: random.Random, workers: int, low: float, high: float) -> int:
    return max(min(workers, 5), min(workers, round(workers * rng.uniform(low, high))))


def _profile(rng: random.Random, name: str, sector: str, ownership: str,
             workers: int, rates: tuple[float, float]) -> Profile:
    return Profile("Công đoàn " + name, sector, ownership, workers, members_of(rng, workers, *rates))


def fdi_company(rng: random.Random) -> Profile:
    line, sector = rng.choice(data.FDI_LINES)
    name = f"Công ty TNHH {rng.choice(data.BRANDS_FDI)} {line} Việt Nam"
    return _profile(rng, name, sector, Ownership.FOREIGN_INVESTED, size(rng, 450, 1.1, 40, 30000),
                    (0.75, 0.98))


def private_company(rng: random.Random) -> Profile:
    line, sector = rng.choice(data.LINES)
    form = rng.choice(["Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần"])
    name = f"{form} {line} {rng.choice(data.BRANDS_VN)}"
    return _profile(rng, name, sector, Ownership.PRIVATE, size(rng, 45, 0.9, 8, 4000), (0.5, 0.95))


def state_company(rng: random.Random) -> Profile:
    line, sector = rng.choice(data.LINES)
    name = f"Công ty TNHH MTV {line} {rng.choice(data.PLACES)}"
    return _profile(rng, name, sector, Ownership.STATE_OWNED, size(rng, 180, 0.8, 20, 5000), (0.9, 1.0))


def cooperative(rng: random.Random) -> Profile:
    line, sector = rng.choice(data.LINES[-4:])
    name = f"Hợp tác xã {line} {rng.choice(data.PLACES)}"
    return _profile(rng, name, sector, Ownership.PRIVATE, size(rng, 15, 0.5, 8, 120), (0.6, 1.0))


SCHOOL_SIZES = {"Trường Mầm non": 35, "Trường Tiểu học": 45, "Trường THCS": 45, "Trường THPT": 85}


def school(rng: random.Random) -> Profile:
    level = rng.choices([s[0] for s in data.SCHOOL_LEVELS], [s[1] for s in data.SCHOOL_LEVELS])[0]
    namesake = rng.choice(data.PEOPLE if rng.random() < 0.6 else data.PLACES)
    workers = size(rng, SCHOOL_SIZES.get(level, 60), 0.35, 12, 220)
    return _profile(rng, f"{level} {namesake}", "education", Ownership.PUBLIC_SERVICE, workers, (0.93, 1.0))


def private_preschool(rng: random.Random) -> Profile:
    name = f"Trường Mầm non tư thục {rng.choice(data.BRANDS_VN)}"
    return _profile(rng, name, "education", Ownership.PRIVATE, size(rng, 18, 0.4, 8, 60), (0.6, 0.95))


def health(rng: random.Random) -> Profile:
    roll = rng.random()
    if roll < 0.35:
        name, median = rng.choice(data.HEALTH_UNITS), 450
    elif roll < 0.85:
        name, median = f"Trung tâm Y tế khu vực {rng.choice(data.PLACES)}", 140
    else:
        name, median = f"Bệnh viện Đa khoa {rng.choice(data.PLACES)}", 260
    return _profile(rng, name, "health", Ownership.PUBLIC_SERVICE, size(rng, median, 0.5, 20, 2500),
                    (0.9, 1.0))


def construction(rng: random.Random) -> Profile:
    name = f"{rng.choice(data.CONSTRUCTION_PREFIXES)} {rng.choice(data.BRANDS_VN)}"
    ownership = Ownership.STATE_OWNED if rng.random() < 0.2 else Ownership.PRIVATE
    return _profile(rng, name, "construction", ownership, size(rng, 90, 0.9, 10, 3000), (0.6, 0.98))


def transport(rng: random.Random) -> Profile:
    name = f"{rng.choice(data.TRANSPORT_PREFIXES)} {rng.choice(data.BRANDS_VN)}"
    ownership = Ownership.STATE_OWNED if rng.random() < 0.2 else Ownership.PRIVATE
    return _profile(rng, name, "transport", ownership, size(rng, 70, 0.9, 10, 2500), (0.6, 0.98))


def agency(template: str, level: str, place: str, rng: random.Random) -> Profile:
    name = template.format(kind=level, place=place).removeprefix("Công đoàn ")
    return _profile(rng, name, "public_admin", Ownership.STATE_AGENCY, size(rng, 35, 0.4, 10, 150),
                    (0.97, 1.0))


def local_unit(rng: random.Random) -> Profile:
    """A grassroots union under a commune/ward union: mostly small businesses."""
    roll = rng.random()
    if roll < 0.62:
        return private_company(rng)
    if roll < 0.72:
        return fdi_company(rng)
    if roll < 0.80:
        return cooperative(rng)
    if roll < 0.86:
        return state_company(rng)
    if roll < 0.93:
        return private_preschool(rng)
    return school(rng)


def zone_unit(rng: random.Random) -> Profile:
    """A grassroots union in an industrial zone: mostly foreign-invested factories."""
    return fdi_company(rng) if rng.random() < 0.75 else private_company(rng)
