"""Changes to the classification criteria and bands by province administrators.

The rules about a valid criterion or band live on the models (clean() and constraints); these
functions check the actor, shape the input for the criterion's kind, validate and save, each in
one transaction. Scores are computed when read (classification.classify), so a change applies
at once to every period shown.
"""

from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max

from greenplan.accounts.access import require_settings_editor
from greenplan.accounts.models import User
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.audit.services import changes, log_action, snapshot
from greenplan.lib.text import clean_text, field_label
from greenplan.reporting.models import Indicator

Kind = ClassificationCriterion.Kind
Setting = TypeVar("Setting", ClassificationCriterion, ClassificationBand)


def _names(model: type[models.Model], **texts: str) -> dict[str, str]:
    """Names and labels through the shared text rule (one line, as long as the column); every
    refusal at once, each on its field."""
    clean, errors = {}, {}
    for name, value in texts.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        assert isinstance(limit, int), f"{name} is a text column with a length"
        try:
            clean[name] = clean_text(value, field=field_label(model, name), max_length=limit)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean


def _next_order(model: type[ClassificationCriterion] | type[ClassificationBand]) -> int:
    return (model.objects.aggregate(m=Max("order"))["m"] or 0) + 1


def _save(actor: User, obj: Setting, action: str, before: dict) -> Setting:
    """Validate, save and log a criterion or a band (`before`: its snapshot, {} when new)."""
    obj.full_clean()
    obj.save()
    log_action(actor=actor, action=action, obj=obj, data={"changes": changes(before, snapshot(obj))})
    return obj


def _set_criterion(
    criterion: ClassificationCriterion, *, name: str, name_en: str, kind: str, indicator: Indicator | None,
    operator: str, threshold: Decimal | None, points: int, order: int | None,
) -> None:
    """Fields a kind does not use are cleared, so switching kind leaves nothing stale behind."""
    texts = _names(ClassificationCriterion, name=name, name_en=name_en)
    criterion.name, criterion.name_en = texts["name"], texts["name_en"]
    criterion.kind, criterion.points = kind, points
    criterion.indicator = indicator if kind == Kind.INDICATOR else None
    criterion.operator = operator if kind == Kind.INDICATOR else ClassificationCriterion.Operator.GE
    criterion.threshold = None if kind == Kind.ON_TIME else threshold
    if order is not None:
        criterion.order = order


@transaction.atomic
def criterion_create(
    *, actor: User, name: str, kind: str, points: int, name_en: str = "", indicator: Indicator | None = None,
    operator: str = ">=", threshold: Decimal | None = None, order: int | None = None,
) -> ClassificationCriterion:
    """A new criterion, last in the list unless `order` is given."""
    require_settings_editor(actor)
    criterion = ClassificationCriterion(order=_next_order(ClassificationCriterion))
    _set_criterion(criterion, name=name, name_en=name_en, kind=kind, indicator=indicator, operator=operator,
                   threshold=threshold, points=points, order=order)
    return _save(actor, criterion, "classification.criterion_created", {})


@transaction.atomic
def criterion_update(
    *, actor: User, criterion: ClassificationCriterion, name: str, kind: str, points: int, name_en: str = "",
    indicator: Indicator | None = None, operator: str = ">=", threshold: Decimal | None = None,
    order: int | None = None,
) -> ClassificationCriterion:
    require_settings_editor(actor)
    before = snapshot(criterion)
    _set_criterion(criterion, name=name, name_en=name_en, kind=kind, indicator=indicator, operator=operator,
                   threshold=threshold, points=points, order=order)
    return _save(actor, criterion, "classification.criterion_changed", before)


@transaction.atomic
def criterion_delete(*, actor: User, criterion: ClassificationCriterion) -> None:
    require_settings_editor(actor)
    log_action(actor=actor, action="classification.criterion_deleted", obj=criterion,
               data={"changes": changes(snapshot(criterion), {})})
    criterion.delete()


def _set_band(band: ClassificationBand, *, label: str, label_en: str, min_score: Decimal, colour: str,
              order: int | None) -> None:
    texts = _names(ClassificationBand, label=label, label_en=label_en)
    band.label, band.label_en, band.min_score, band.colour = texts["label"], texts["label_en"], min_score, colour
    if order is not None:
        band.order = order


@transaction.atomic
def band_create(
    *, actor: User, label: str, min_score: Decimal, colour: str, label_en: str = "", order: int | None = None,
) -> ClassificationBand:
    """A new band, last in the list unless `order` is given."""
    require_settings_editor(actor)
    band = ClassificationBand(order=_next_order(ClassificationBand))
    _set_band(band, label=label, label_en=label_en, min_score=min_score, colour=colour, order=order)
    return _save(actor, band, "classification.band_created", {})


@transaction.atomic
def band_update(
    *, actor: User, band: ClassificationBand, label: str, min_score: Decimal, colour: str, label_en: str = "",
    order: int | None = None,
) -> ClassificationBand:
    require_settings_editor(actor)
    before = snapshot(band)
    _set_band(band, label=label, label_en=label_en, min_score=min_score, colour=colour, order=order)
    return _save(actor, band, "classification.band_changed", before)


@transaction.atomic
def band_delete(*, actor: User, band: ClassificationBand) -> None:
    require_settings_editor(actor)
    log_action(actor=actor, action="classification.band_deleted", obj=band,
               data={"changes": changes(snapshot(band), {})})
    band.delete()
