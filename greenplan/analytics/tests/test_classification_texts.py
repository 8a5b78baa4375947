"""Criterion names and band labels go through the shared text rule: one line, bounded, no
control characters or lone surrogates; a refusal names the field and saves nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from greenplan.analytics.classification.services import band_create, band_update, criterion_create, criterion_update
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion

BAD = [
    ("Đúng hạn\x00", "ký tự điều khiển"),
    ("Đúng\thạn", "một dòng"),
    ("Đúng\nhạn", "một dòng"),
    ("\ud800", "mã hóa hỏng"),
]


def criterion(tree, **changes):
    data = {"name": "Gửi đúng hạn", "kind": "on_time", "points": 1, **changes}
    return criterion_create(actor=tree.users.admin, **data)


@pytest.mark.parametrize("field", ["name", "name_en"])
@pytest.mark.parametrize("text, message", BAD)
def test_a_criterion_name_with_a_control_character_is_refused(tree, field, text, message):
    before = list(ClassificationCriterion.objects.values())
    with pytest.raises(ValidationError) as refused:
        criterion(tree, **{field: text})
    assert message in " ".join(refused.value.message_dict[field])
    assert list(ClassificationCriterion.objects.values()) == before


def test_a_criterion_name_is_bounded_by_its_column_and_stored_trimmed(tree):
    with pytest.raises(ValidationError) as refused:
        criterion(tree, name="x" * 201)
    assert "tối đa 200 ký tự" in refused.value.message_dict["name"][0]
    made = criterion(tree, name="  Gửi đúng hạn  ")
    assert made.name == "Gửi đúng hạn"
    with pytest.raises(ValidationError):
        criterion_update(actor=tree.users.admin, criterion=made, name="Gửi\x1b", kind="on_time", points=1)
    made.refresh_from_db()
    assert made.name == "Gửi đúng hạn"


@pytest.mark.parametrize("field", ["label", "label_en"])
@pytest.mark.parametrize("text, message", BAD)
def test_a_band_label_with_a_control_character_is_refused(tree, field, text, message):
    data = {"label": "Tốt", "min_score": Decimal(80), "colour": "success", field: text}
    before = list(ClassificationBand.objects.values())
    with pytest.raises(ValidationError) as refused:
        band_create(actor=tree.users.admin, **data)
    assert message in " ".join(refused.value.message_dict[field])
    assert list(ClassificationBand.objects.values()) == before


def test_a_band_label_is_bounded_and_an_update_is_checked_too(tree):
    with pytest.raises(ValidationError) as refused:
        band_create(actor=tree.users.admin, label="x" * 61, min_score=Decimal(80), colour="success")
    assert "tối đa 60 ký tự" in refused.value.message_dict["label"][0]
    band = band_create(actor=tree.users.admin, label=" Khá giỏi ", min_score=Decimal(80), colour="success")
    assert band.label == "Khá giỏi"
    with pytest.raises(ValidationError):
        band_update(actor=tree.users.admin, band=band, label="Khá\x00", min_score=Decimal(80), colour="success")
    band.refresh_from_db()
    assert band.label == "Khá giỏi"
