"""Many grassroots units under one parent at once, for the tests of lists at scale.

unit_create costs several queries a unit; these are written as the demo loader writes them
(greenplan.demo.bulk), with their paths computed here, in one insert."""

from collections.abc import Callable

from greenplan.demo.bulk import Lookups, Spec, to_unit
from greenplan.orgs.models import TreeVersion, Unit


def add_grassroots_bulk(parent: Unit, n: int, name: Callable[[int], str], code: str = "G") -> list[Unit]:
    """`n` grassroots units under `parent`, coded `<parent>-G000`…, named `name(i)`; in code order."""
    lookups = Lookups()
    first = parent.numchild + 1
    units = [
        to_unit(Spec(code=f"{parent.code}-{code}{i:03d}", name=name(i), kind="grassroots"),
                Unit._get_path(parent.path, parent.depth + 1, first + i), lookups, 0)
        for i in range(n)
    ]
    Unit.objects.bulk_create(units)
    Unit.objects.filter(pk=parent.pk).update(numchild=parent.numchild + n)
    parent.refresh_from_db()
    TreeVersion.bump()
    return list(Unit.objects.filter(code__in=[u.code for u in units]).order_by("code"))
