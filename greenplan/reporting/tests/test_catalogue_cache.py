"""The catalogue a process keeps (reporting.values.catalogue_for) follows every write to it.

The process's cache is warmed before each write and never cleared by hand: it stands for another
gunicorn worker, which only learns of the change through the catalogue's version token.
"""

import datetime

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_migrate

from greenplan.orgs.models import UnitKind
from greenplan.reporting import indicators as I
from greenplan.reporting import values as V
from greenplan.reporting.catalogue import load_catalogue, read_rows
from greenplan.reporting.models import CatalogueVersion, Indicator, ValidationRule
from greenplan.reporting.services import InvalidValues, report_save


def _name(code):
    return lambda catalogue: catalogue.indicators[code].name


def _codes(catalogue):
    return set(catalogue.indicators)


def _rules(catalogue):
    return {str(rule) for rule in catalogue.rules}


def _update_name(tree):
    I.indicator_update(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"), name="Bài viết")


def _limit_kinds(tree):
    I.indicator_update(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"), kinds=[tree.b.kind])


def _retire(tree):
    I.indicator_retire(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"))


def _rule_off(tree):
    I.rule_set_active(actor=tree.users.admin, rule=ValidationRule.objects.get(left__code="G7_PROCUREMENT_GREEN"),
                      active=False)


def _rule_deleted(tree):
    ValidationRule.objects.filter(left__code="G7_PROCUREMENT_GREEN").delete()


def _loader(tree):
    rows = [{**row, "name_vi": "Bài viết"} if row["code"] == "G3_MEDIA" else row for row in read_rows()]
    load_catalogue(Indicator, ValidationRule, rows)


def _queryset_update(tree):
    Indicator.objects.filter(code="G3_MEDIA").update(retired_at=datetime.date(2020, 1, 1))


def _bulk_update(tree):
    media = Indicator.objects.get(code="G3_MEDIA")
    media.name = "Bài viết"
    Indicator.objects.bulk_update([media], ["name"])


def _bulk_create(tree):
    Indicator.objects.bulk_create([Indicator(code="G9_NEW", name="Mới", type="integer", aggregation="sum")])


def _kind_deleted(tree):
    # G3_MEDIA asked of a kind no unit has; deleting that kind removes the link rows by cascade.
    UnitKind.objects.get(code="spare").delete()


def _migrated(tree):
    # A data migration writes with historical models: no signal, no queryset of ours. `migrate`
    # ends with post_migrate.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reporting_indicator SET name = %s WHERE code = %s", ["Bài viết", "G3_MEDIA"])
    config = apps.get_app_config("reporting")
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default",
                      apps=apps, plan=[])


def _spare_kind_for_media(tree):
    spare = UnitKind.objects.create(code="spare", name="Dự phòng")
    Indicator.objects.get(code="G3_MEDIA").reporting_kinds.set([spare])


WRITES = {
    "indicator edited": (_update_name, _name("G3_MEDIA")),
    "reporting kinds changed": (_limit_kinds, _codes),
    "indicator retired": (_retire, _codes),
    "rule switched off": (_rule_off, _rules),
    "rule deleted": (_rule_deleted, _rules),
    "catalogue loader": (_loader, _name("G3_MEDIA")),
    "queryset update": (_queryset_update, _codes),
    "bulk update": (_bulk_update, _name("G3_MEDIA")),
    "bulk create": (_bulk_create, _codes),
    "unit kind deleted": (_kind_deleted, _codes),
    "data migration": (_migrated, _name("G3_MEDIA")),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_kind_of_catalogue_write_is_seen_by_a_process_that_kept_the_old_catalogue(tree, write):
    change, seen = write
    if change is _kind_deleted:
        _spare_kind_for_media(tree)
    before = V.catalogue_for(tree.a1)
    assert V.catalogue_for(tree.a1) is before  # kept: the next read asks only for the version

    change(tree)

    after = V.catalogue_for(tree.a1)
    assert seen(after) != seen(before)


def test_a_rolled_back_change_and_a_different_one_after_it_are_not_mistaken(tree, period):
    with pytest.raises(RuntimeError), transaction.atomic():
        _retire(tree)  # G3_MEDIA
        assert "G3_MEDIA" not in V.catalogue_for(tree.a1).indicators  # kept, under the change's token
        raise RuntimeError("rolled back")

    I.indicator_retire(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_EVENTS"))

    catalogue = V.catalogue_for(tree.a1)
    assert "G3_MEDIA" in catalogue.indicators and "G3_EVENTS" not in catalogue.indicators
    with pytest.raises(InvalidValues) as refused:  # and the save follows
        report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                    values={"G3_MEDIA": 1, "G3_EVENTS": 1})
    assert set(refused.value.errors) == {"G3_EVENTS"}


def test_a_retirement_dated_tomorrow_takes_effect_tomorrow_without_a_write(tree, monkeypatch):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    I.indicator_retire(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"), on=tomorrow)
    assert "G3_MEDIA" in V.catalogue_for(tree.a1).indicators

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return tomorrow

    monkeypatch.setattr(datetime, "date", Tomorrow)
    assert "G3_MEDIA" not in V.catalogue_for(tree.a1).indicators


def test_the_kept_catalogue_cannot_be_changed_by_its_readers(tree):
    catalogue = V.catalogue_for(tree.a1)
    with pytest.raises(TypeError):
        catalogue.indicators["NEW"] = catalogue.indicators["G3_MEDIA"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        catalogue.rules.append(catalogue.rules[0])  # type: ignore[attr-defined]


def test_without_a_version_row_the_catalogue_is_read_every_time(tree):
    CatalogueVersion.objects.all().delete()  # as after a flush
    first = V.catalogue_for(tree.a1)
    assert V.catalogue_for(tree.a1) is not first
