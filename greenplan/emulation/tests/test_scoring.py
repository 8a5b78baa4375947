"""Self-scoring, the direct superior's verification and the lock, with totals computed here."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.emulation import services
from greenplan.emulation.models import Entry, Score


def _register(sheet, tree):
    return services.entry_register(actor=tree.users.reporter_a1, sheet=sheet, unit=tree.a1)


def _points(entry):
    return {s.criterion.code: s.self_points for s in Score.objects.filter(entry=entry).select_related("criterion")}


def test_registering_makes_one_score_per_criterion(sheet, tree):
    entry = _register(sheet, tree)
    assert sorted(_points(entry)) == ["1.1", "1.2", "2.1"]
    assert entry.status == Entry.Status.DRAFT


def test_it_refuses_registering_twice(sheet, tree):
    _register(sheet, tree)
    with pytest.raises(ValidationError):
        _register(sheet, tree)
    assert Entry.objects.count() == 1


def test_the_self_total_adds_the_points_typed_the_vietnamese_way(sheet, tree):
    entry = services.entry_self_score(actor=tree.users.reporter_a1, entry=_register(sheet, tree),
                                      points={"1.1": "38,5", "1.2": "27", "2.1": 25.25})
    assert entry.self_total == Decimal("38.5") + Decimal(27) + Decimal("25.25")


@pytest.mark.parametrize("raw", ["40,01", "-1", "abc", "1,234"])
def test_it_refuses_points_out_of_range_and_saves_nothing(sheet, tree, raw):
    entry = _register(sheet, tree)
    with pytest.raises(ValidationError) as caught:
        services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.2": "20", "1.1": raw})
    assert "points-1.1" in caught.value.message_dict
    assert _points(entry) == {"1.1": None, "1.2": None, "2.1": None}


def test_the_maximum_itself_is_accepted(sheet, tree):
    entry = services.entry_self_score(actor=tree.users.reporter_a1, entry=_register(sheet, tree),
                                      points={"1.1": "40"})
    assert entry.self_total == 40


def test_the_message_names_the_maximum(sheet, tree):
    with pytest.raises(ValidationError) as caught:
        services.entry_self_score(actor=tree.users.reporter_a1, entry=_register(sheet, tree), points={"1.2": "31"})
    assert caught.value.message_dict["points-1.2"] == ["Tiêu chí 1.2 có tối đa 30 điểm."]


def test_it_refuses_self_scoring_another_unit(sheet, tree):
    entry = _register(sheet, tree)
    with pytest.raises(PermissionDenied):
        services.entry_self_score(actor=tree.users.reporter_a2, entry=entry, points={"1.1": "10"})
    with pytest.raises(PermissionDenied):
        services.entry_register(actor=tree.users.reporter_a2, sheet=sheet, unit=tree.a1)


def test_submitting_needs_every_criterion_and_condition(sheet, tree):
    entry = services.entry_self_score(actor=tree.users.reporter_a1, entry=_register(sheet, tree),
                                      points={"1.1": "10", "1.2": "10"})
    with pytest.raises(ValidationError, match="2.1"):
        services.entry_submit(actor=tree.users.reporter_a1, entry=entry)
    entry = services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"2.1": "5"})
    with pytest.raises(ValidationError, match="DK1"):
        services.entry_submit(actor=tree.users.reporter_a1, entry=entry)


def test_a_submitted_entry_is_not_edited_by_the_unit(sheet, tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 30, "1.2": 20, "2.1": 20})
    with pytest.raises(ValidationError):
        services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.1": "40"})
    assert Entry.objects.get(pk=entry.pk).self_total == 70


def test_only_the_direct_superior_verifies(sheet, tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 30, "1.2": 20, "2.1": 20})
    # the province admin is a superior, but not the direct one; the unit's own reporter neither
    for actor in (tree.users.admin, tree.users.reporter_a1, tree.users.reporter_a2, tree.users.viewer_b):
        with pytest.raises(PermissionDenied):
            services.entry_confirm(actor=actor, entry=entry)
        with pytest.raises(PermissionDenied):
            services.entry_verify(actor=actor, entry=entry, points={"1.1": "10"}, reasons={"1.1": "x"})
    entry = services.entry_confirm(actor=tree.users.approver_a, entry=entry)
    assert entry.status == Entry.Status.CONFIRMED


def test_the_superior_does_not_verify_a_score_they_entered(sheet, tree):
    # approver_a may enter HP-A-01's scores on its behalf, but then may not verify them
    entry = services.entry_register(actor=tree.users.approver_a, sheet=sheet, unit=tree.a1)
    services.entry_self_score(actor=tree.users.approver_a, entry=entry, points={"1.1": 1, "1.2": 1, "2.1": 1},
                              conditions={"DK1": True})
    services.entry_submit(actor=tree.users.approver_a, entry=entry)
    with pytest.raises(PermissionDenied):
        services.entry_confirm(actor=tree.users.approver_a, entry=entry)


def test_an_adjustment_needs_a_reason_and_changes_the_verified_total(sheet, tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 40, "1.2": 30, "2.1": 25})
    with pytest.raises(ValidationError) as caught:
        services.entry_verify(actor=tree.users.approver_a, entry=entry, points={"1.1": "35"})
    assert "reason-1.1" in caught.value.message_dict
    assert Score.objects.get(entry=entry, criterion__code="1.1").verified_points is None
    services.entry_verify(actor=tree.users.approver_a, entry=entry, points={"1.1": "35"},
                          reasons={"1.1": "Thiếu ảnh chụp khuôn viên"})
    entry = services.entry_confirm(actor=tree.users.approver_a, entry=entry)
    assert entry.self_total == 95
    assert entry.verified_total == 35 + 30 + 25


def test_the_superior_cannot_go_above_the_maximum(sheet, tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 10, "1.2": 10, "2.1": 10})
    with pytest.raises(ValidationError):
        services.entry_verify(actor=tree.users.approver_a, entry=entry, points={"2.1": "30,5"}, reasons={"2.1": "x"})


def test_confirming_locks_every_score(sheet, tree, take_part, settings):
    from greenplan.testing.files import pdf_bytes, upload

    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 10, "1.2": 10, "2.1": 10},
                      verifier=tree.users.approver_a)
    with pytest.raises(ValidationError, match="khóa"):
        services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.1": "40"})
    with pytest.raises(ValidationError, match="khóa"):
        services.entry_verify(actor=tree.users.approver_a, entry=entry, points={"1.1": "5"}, reasons={"1.1": "x"})
    with pytest.raises(ValidationError, match="khóa"):
        services.entry_confirm(actor=tree.users.approver_a, entry=entry)
    with pytest.raises(ValidationError, match="khóa"):
        services.evidence_attach(actor=tree.users.reporter_a1, entry=entry, criterion="1.1",
                                 files=[upload("a.pdf", pdf_bytes(), "application/pdf")])
    assert Entry.objects.get(pk=entry.pk).verified_total == 30


def test_returning_sends_the_entry_back_for_correction(sheet, tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 10, "1.2": 10, "2.1": 10})
    with pytest.raises(ValidationError):
        services.entry_return(actor=tree.users.approver_a, entry=entry, reason="  ")
    entry = services.entry_return(actor=tree.users.approver_a, entry=entry, reason="Thiếu minh chứng")
    entry = services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.1": "12"})
    assert entry.self_total == 32


def test_evidence_files_are_checked(sheet, tree):
    from greenplan.testing.files import pdf_bytes, upload

    entry = _register(sheet, tree)
    with pytest.raises(ValidationError):
        services.evidence_attach(actor=tree.users.reporter_a1, entry=entry, criterion="1.1",
                                 files=[upload("bien-ban.pdf", b"<html><script>x</script>", "application/pdf")])
    [stored] = services.evidence_attach(actor=tree.users.reporter_a1, entry=entry, criterion="1.1",
                                        files=[upload("bien-ban.pdf", pdf_bytes(), "application/pdf")])
    assert stored.score.criterion.code == "1.1" and stored.name == "bien-ban.pdf"


def test_an_activity_of_another_unit_is_not_evidence(sheet, tree):
    import datetime

    from greenplan.activities.services import activity_record

    other = activity_record(actor=tree.users.reporter_a2, unit=tree.a2, kind="tree_planting", title="Trồng cây",
                            start_on=datetime.date(2025, 3, 1))
    own = activity_record(actor=tree.users.reporter_a1, unit=tree.a1, kind="tree_planting", title="Trồng cây",
                          start_on=datetime.date(2025, 3, 1))
    entry = _register(sheet, tree)
    with pytest.raises(ValidationError):
        services.evidence_link(actor=tree.users.reporter_a1, entry=entry, criterion="1.1", activity=other)
    link = services.evidence_link(actor=tree.users.reporter_a1, entry=entry, criterion="1.1", activity=own)
    assert link.activity == own
