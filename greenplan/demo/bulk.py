"""Loading large trees fast: paths are computed here and rows written with bulk_create.

treebeard's add_child costs several queries per node (read the parent, find the last child,
update the parent's numchild); a whole province or country is built in memory as `Spec`s
instead, then written in path order in batches. Used by load_demo and generate_org only:
everyday changes go through greenplan.orgs.services.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from greenplan.orgs.models import Sector, TreeVersion, Unit, UnitKind

LONG_AGO = datetime.date(2000, 1, 1)
BATCH_SIZE = 5000
T = TypeVar("T")


@dataclass
class Spec:
    """A unit to be written, with its children."""

    code: str
    name: str
    kind: str
    members: int = 0
    workers: int = 0
    sector: str | None = None
    ownership: str = ""
    valid_from: datetime.date = LONG_AGO
    valid_to: datetime.date | None = None
    children: list["Spec"] = field(default_factory=list)

    def add(self, child: "Spec") -> "Spec":
        self.children.append(child)
        return child

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)

    def walk(self) -> Iterator["Spec"]:
        yield self
        for child in self.children:
            yield from child.walk()


class Lookups:
    """Unit kinds and sectors by code, read once."""

    def __init__(self) -> None:
        self.kinds = {k.code: k for k in UnitKind.objects.all()}
        self.sectors = {s.code: s for s in Sector.objects.all()}


def next_root_path() -> str:
    last = Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    step = Unit._str2int(last) + 1 if last else 1
    return Unit._get_path(None, 1, step)


def to_unit(spec: Spec, path: str, lookups: Lookups, numchild: int | None = None) -> Unit:
    unit = Unit(
        path=path,
        depth=len(path) // Unit.steplen,
        numchild=len(spec.children) if numchild is None else numchild,
        code=spec.code,
        name=spec.name,
        kind=lookups.kinds[spec.kind],
        members=spec.members,
        workers=spec.workers,
        sector=lookups.sectors[spec.sector] if spec.sector else None,
        ownership=spec.ownership,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
    )
    unit.refresh_search_text()
    return unit


def iter_units(spec: Spec, path: str, lookups: Lookups) -> Iterator[Unit]:
    """The units of `spec`'s subtree in path order, `spec` itself at `path`."""
    yield to_unit(spec, path, lookups)
    depth = len(path) // Unit.steplen + 1
    for step, child in enumerate(spec.children, start=1):
        yield from iter_units(child, Unit._get_path(path, depth, step), lookups)


def write_units(units: Iterable[Unit], batch_size: int = BATCH_SIZE) -> int:
    """Insert units in batches; returns how many were written."""
    batch: list[Unit] = []
    written = 0
    for unit in units:
        batch.append(unit)
        if len(batch) >= batch_size:
            written += _flush(batch)
    written += _flush(batch)
    TreeVersion.bump()
    return written


def _flush(batch: list[Unit]) -> int:
    n = len(batch)
    if n:
        Unit.objects.bulk_create(batch)
        batch.clear()
    return n


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
