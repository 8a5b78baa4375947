"""Classification of units: scores checked against a recomputation from the raw report values."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from greenplan.analytics.classification import services as S
from greenplan.analytics.classification.scores import MET, NO_DATA, NOT_MET, band_for, classify, classify_many
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.reporting.models import Indicator, Period, Report, ReportValue
from greenplan.reporting.services import report_approve, report_save, report_submit
from greenplan.testing.factories import full_values

Kind = ClassificationCriterion.Kind
ON_TIME_AT = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)  # before the fixture's 15/07 deadline
LATE_AT = datetime.datetime(2026, 8, 1, 9, tzinfo=datetime.UTC)


def submit(tree, unit, period, at, **values):
    with mock.patch("django.utils.timezone.now", return_value=at):
        report = report_save(actor=tree.users.admin, unit=unit, period=period, version=0,
                             values=full_values(**values)).report
        return report_submit(actor=tree.users.admin, unit=unit, period=period, version=report.version)


def criterion(kind, points, code=None, operator=">=", threshold=None, name=None):
    indicator = Indicator.objects.get(code=code) if code else None
    return ClassificationCriterion.objects.create(
        name=name or f"{kind} {code or ''}", kind=kind, indicator=indicator, operator=operator,
        threshold=None if threshold is None else Decimal(threshold), points=points,
    )


@pytest.fixture
def rules(db):
    """Our own criteria (the seeded ones replaced), 100 points; the seeded bands stay."""
    ClassificationCriterion.objects.all().delete()
    return [
        criterion(Kind.ON_TIME, 20),
        criterion(Kind.COMPLETENESS, 20, threshold="90"),
        criterion(Kind.INDICATOR, 20, "G7_GREEN_PROCUREMENT_RATE", ">=", "35"),
        criterion(Kind.INDICATOR, 10, "G6_FATALITIES", "<=", "0"),
        criterion(Kind.INDICATOR, 30, "G6_FINDINGS_FIXED_RATE", ">=", "80"),
    ]


@pytest.fixture
def filed(tree, period, rules):
    """a1 and HP-A on time, a2 late, HP-B and b1 nothing; HP (the root) files no report."""
    submit(tree, tree.a1, period, ON_TIME_AT, G7_PROCUREMENT_GREEN=90, G7_PROCUREMENT_TOTAL=100)
    submit(tree, tree.a2, period, LATE_AT, G7_PROCUREMENT_GREEN=20, G7_PROCUREMENT_TOTAL=400,
           G6_FATALITIES=1, G6_FINDINGS=10, G6_FINDINGS_FIXED=9)
    submit(tree, tree.a, period, ON_TIME_AT, G7_PROCUREMENT_GREEN=30, G7_PROCUREMENT_TOTAL=100)
    return tree


# --- an independent recomputation from the raw reports ------------------------------------------


def pct(num, den):
    return None if not den else (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def expected_score(unit, periods, statuses=("submitted", "approved")):
    """Score and band from Report/ReportValue rows, without the stored totals or the service."""
    subtree = [u for u in type(unit).objects.all() if u.path.startswith(unit.path)]
    reports = Report.objects.filter(unit__in=subtree, period__in=periods, status__in=statuses)
    sums: dict[str, Decimal] = {}
    for v in ReportValue.objects.filter(report__in=reports).select_related("indicator"):
        sums[v.indicator.code] = sums.get(v.indicator.code, Decimal(0)) + v.value
    own_due = periods if unit.depth > 1 else []
    earned = applicable = 0
    for c in ClassificationCriterion.objects.all():
        if c.kind == Kind.ON_TIME:
            if not own_due:
                continue
            own = [reports.filter(unit=unit, period=p).first() for p in own_due]
            met = all(r and timezone.localtime(r.first_submitted_at).date() <= r.period.deadline for r in own)
        elif c.kind == Kind.COMPLETENESS:
            due = sum(1 for u in subtree if u.depth > 1) * len(periods)
            met = reports.count() * 100 >= c.threshold * due
        else:
            ind = c.indicator
            if ind.aggregation == Indicator.Aggregation.RATIO:
                num, den = sums.get(ind.numerator.code), sums.get(ind.denominator.code)
                value = None if num is None or den is None else pct(num, den)
            else:
                value = sums.get(ind.code)
            if value is None:
                continue
            met = value >= c.threshold if c.operator == ">=" else value <= c.threshold
        applicable += c.points
        earned += c.points if met else 0
    score = None if not applicable else (Decimal(earned) * 100 / applicable).quantize(Decimal("0.1"), ROUND_HALF_UP)
    reached = [b for b in ClassificationBand.objects.all() if score is not None and score >= b.min_score]
    band = max(reached, key=lambda b: b.min_score).label if reached else None
    return earned, applicable, score, band


def outcomes(result):
    return [r.outcome for r in result.results]


# --- half-years ---------------------------------------------------------------------------------


def test_every_level_matches_the_recomputation(filed, period):
    units = [filed.root, filed.a, filed.a1, filed.a2, filed.b, filed.b1]
    got = classify_many(units, "2026H1")
    for unit in units:
        c = got[unit.pk]
        assert (c.earned, c.applicable, c.score, c.band and c.band.label) == expected_score(unit, [period]), unit.code


def test_the_scores_by_hand(filed):
    got = classify_many([filed.root, filed.a, filed.a1, filed.a2, filed.b, filed.b1], "2026H1")
    by_code = {c.unit.code: c for c in got.values()}
    # a1: on time, 1/1 filed, 90 % green, no fatality; no findings at all, so that criterion leaves
    a1 = by_code["HP-A-01"]
    assert outcomes(a1) == [MET, MET, MET, MET, NO_DATA]
    assert (a1.earned, a1.applicable, a1.score, a1.band.label) == (70, 70, Decimal("100.0"), "Xuất sắc")
    # a2: late, 5 % green, one fatality, 9 of 10 findings fixed
    a2 = by_code["HP-A-02"]
    assert outcomes(a2) == [NOT_MET, MET, NOT_MET, NOT_MET, MET]
    assert (a2.earned, a2.applicable, a2.score, a2.band.label) == (50, 100, Decimal("50.0"), "Khá")
    # HP-A: its own report on time, 3 of 3 filed, 140 / 600 = 23.33 % green (the mean of the
    # three ratios would be 41.67 % and pass), a fatality below, 9 / 10 findings fixed
    a = by_code["HP-A"]
    assert [r.value for r in a.results] == [None, Decimal("100.00"), Decimal("23.33"), Decimal(1), Decimal("90.00")]
    assert outcomes(a) == [MET, MET, NOT_MET, NOT_MET, MET]
    assert (a.earned, a.applicable, a.score, a.band.label) == (70, 100, Decimal("70.0"), "Khá")
    # HP: a root files no report, so "on time" leaves the denominator; 3 of 5 filed
    root = by_code["HP"]
    assert outcomes(root) == [NO_DATA, NOT_MET, NOT_MET, NOT_MET, MET]
    assert (root.earned, root.applicable, root.score, root.band.label) == (30, 80, Decimal("37.5"), "Trung bình")
    # b1 filed nothing: not on time, 0 of 1 filed, no figures
    b1 = by_code["HP-B-01"]
    assert outcomes(b1) == [NOT_MET, NOT_MET, NO_DATA, NO_DATA, NO_DATA]
    assert (b1.earned, b1.applicable, b1.score, b1.band.label) == (0, 40, Decimal("0.0"), "Yếu")


def test_classify_is_classify_many_of_one(filed):
    one = classify(filed.a, "2026h1")
    assert one.period == "2026H1" and one.score == Decimal("70.0")


def test_a_returned_report_is_not_on_time_until_it_counts_again(filed, period):
    from greenplan.reporting.services import report_return

    report_return(actor=filed.users.admin, unit=filed.a, period=period, comment="Thiếu số liệu mua sắm")
    a = classify(filed.a, "2026H1")
    assert a.results[0].outcome == NOT_MET
    assert a.results[1].value == Decimal("66.67")  # 2 of 3


def test_no_criteria_or_nothing_applicable_gives_no_score(tree, period, rules):
    c = classify(tree.b, "2026H1")
    assert c.score is not None  # on time and completeness apply to HP-B
    ClassificationCriterion.objects.exclude(kind=Kind.INDICATOR).delete()
    c = classify(tree.b, "2026H1")
    assert (c.earned, c.applicable, c.score, c.band) == (0, 0, None, None)
    assert set(outcomes(c)) == {NO_DATA}


def test_an_unknown_period_is_404(tree, period, rules):
    with pytest.raises(Http404):
        classify(tree.a, "2031H1")


# --- years and approved reports -----------------------------------------------------------------


@pytest.fixture
def second_half(db):
    return Period.objects.create(
        code="2026H2", year=2026, half=2, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 12, 31),
        cutoff=datetime.date(2026, 12, 15), deadline=datetime.date(2027, 1, 15), is_open=True,
    )


def test_a_year_adds_up_both_halves(filed, period, second_half):
    # a1 files the second half late (after 15/01/2027) with 0 of 100 green
    submit(filed, filed.a1, second_half, datetime.datetime(2027, 2, 1, tzinfo=datetime.UTC),
           G7_PROCUREMENT_GREEN=0, G7_PROCUREMENT_TOTAL=100)
    got = classify_many([filed.a1, filed.a2, filed.a, filed.root], "2026")
    a1 = got[filed.a1.pk]
    assert a1.period == "2026"
    # one half late → not on time for the year; 2 of 2 filed; (90 + 0) / (100 + 100) = 45 % green
    assert outcomes(a1) == [NOT_MET, MET, MET, MET, NO_DATA]
    assert a1.results[2].value == Decimal("45.00")
    assert (a1.earned, a1.applicable, a1.score, a1.band.label) == (50, 70, Decimal("71.4"), "Khá")
    assert got[filed.a2.pk].results[1].value == Decimal("50.00")  # 1 of 2 halves
    for unit in (filed.a1, filed.a2, filed.a, filed.root):
        c = got[unit.pk]
        assert (c.earned, c.applicable, c.score, c.band.label) == expected_score(unit, [period, second_half])


def test_approved_only_counts_approved_reports(filed, period):
    report_approve(actor=filed.users.approver_a, unit=filed.a1, period=period)
    a = classify(filed.a, "2026H1", approved_only=True)
    # HP-A's own report is not approved; 1 of 3 approved; only a1's figures: 90 % green, no
    # fatality, no findings
    assert outcomes(a) == [NOT_MET, NOT_MET, MET, MET, NO_DATA]
    assert (a.earned, a.applicable, a.score, a.band.label) == (30, 70, Decimal("42.9"), "Trung bình")
    assert a.scope == "approved"
    assert (a.earned, a.applicable) == expected_score(filed.a, [period], statuses=("approved",))[:2]
    assert classify(filed.a1, "2026H1", approved_only=True).score == Decimal("100.0")


# --- bands --------------------------------------------------------------------------------------


def band(score):
    found = band_for(None if score is None else Decimal(score), ClassificationBand.objects.all())
    return found.label if found else None


@pytest.mark.parametrize("score, label", [
    ("100", "Xuất sắc"), ("91", "Xuất sắc"), ("90.9", "Tốt"), ("75", "Tốt"), ("74.9", "Khá"),
    ("50", "Khá"), ("30", "Trung bình"), ("29.9", "Yếu"), ("0", "Yếu"), (None, None),
])
def test_band_boundaries(db, score, label):
    assert band(score) == label


def test_exactly_91_percent_of_the_points_is_excellent(tree, period, rules):
    ClassificationCriterion.objects.all().delete()
    criterion(Kind.INDICATOR, 91, "G3_SESSIONS", ">=", "1")
    criterion(Kind.INDICATOR, 9, "G3_SESSIONS", ">=", "100")
    submit(tree, tree.a1, period, ON_TIME_AT, G3_SESSIONS=5)
    c = classify(tree.a1, "2026H1")
    assert (c.score, c.band.label) == (Decimal("91.0"), "Xuất sắc")
    ClassificationCriterion.objects.filter(points=9).update(points=10)  # 91 / 101 = 90.1 %
    assert classify(tree.a1, "2026H1").band.label == "Tốt"


def test_below_every_band_there_is_no_band(tree, period, rules):
    ClassificationBand.objects.filter(min_score=0).delete()
    c = classify(tree.b1, "2026H1")
    assert c.score == Decimal("0.0") and c.band is None


# --- the seeded default -------------------------------------------------------------------------


def test_the_migration_seeds_a_default_of_100_points_and_five_bands(db):
    criteria = list(ClassificationCriterion.objects.select_related("indicator"))
    assert sum(c.points for c in criteria) == 100
    green = next(c for c in criteria if c.indicator and c.indicator.code == "G7_GREEN_PROCUREMENT_RATE")
    assert (green.operator, green.threshold, green.points) == (">=", Decimal(35), 20)
    assert {c.kind for c in criteria} == {Kind.ON_TIME, Kind.COMPLETENESS, Kind.INDICATOR}
    bands = [(b.label, b.min_score) for b in ClassificationBand.objects.order_by("-min_score")]
    assert bands == [("Xuất sắc", 91), ("Tốt", 75), ("Khá", 50), ("Trung bình", 30), ("Yếu", 0)]


# --- queries ------------------------------------------------------------------------------------


def test_many_units_cost_the_same_queries_as_one(filed, django_assert_max_num_queries):
    units = [filed.root, filed.a, filed.a1, filed.a2, filed.b, filed.b1]
    for code in ("2026H1", "2026"):  # the first read after a tree change stores the expected counts
        classify_many(units, code)
    # periods, criteria, bands, stored totals, own reports, expected counts (tree version, rows)
    with django_assert_max_num_queries(7):
        classify_many(units[:1], "2026H1")
    with django_assert_max_num_queries(7):
        classify_many(units, "2026H1")
    with django_assert_max_num_queries(7):
        classify_many(units, "2026")


# --- validation ---------------------------------------------------------------------------------


def messages_of(exc):
    return {field: " ".join(msgs) for field, msgs in exc.value.message_dict.items()}


def test_a_criterion_is_validated_with_vietnamese_messages(tree):
    admin = tree.users.admin
    with pytest.raises(ValidationError) as exc:
        S.criterion_create(actor=admin, name="Âm", kind=Kind.ON_TIME, points=-5)
    assert messages_of(exc) == {"points": "Điểm không được âm."}
    with pytest.raises(ValidationError) as exc:
        S.criterion_create(actor=admin, name="Thiếu chỉ tiêu", kind=Kind.INDICATOR, points=10)
    assert messages_of(exc) == {"indicator": "Hãy chọn chỉ tiêu để so sánh.",
                                "threshold": "Hãy nhập ngưỡng để so sánh với chỉ tiêu."}
    with pytest.raises(ValidationError) as exc:
        S.criterion_create(actor=admin, name="Quá 100", kind=Kind.COMPLETENESS, threshold=Decimal(120), points=10)
    assert messages_of(exc) == {"threshold": "Tỷ lệ báo cáo tối thiểu phải từ 0 đến 100 %."}
    assert not ClassificationCriterion.objects.filter(name__in=["Âm", "Thiếu chỉ tiêu", "Quá 100"]).exists()


def test_switching_a_criterion_to_on_time_clears_what_it_no_longer_uses(tree, rules):
    green = rules[2]
    S.criterion_update(actor=tree.users.admin, criterion=green, name=green.name, kind=Kind.ON_TIME, points=5,
                       indicator=green.indicator, threshold=green.threshold)
    green.refresh_from_db()
    assert (green.kind, green.indicator, green.threshold) == (Kind.ON_TIME, None, None)


def test_bands_need_a_unique_minimum_and_label_within_0_to_100(tree):
    admin = tree.users.admin
    with pytest.raises(ValidationError) as exc:
        S.band_create(actor=admin, label="Khá giỏi", min_score=Decimal(75), colour="info")
    assert messages_of(exc) == {"min_score": "Đã có mức xếp loại với điểm tối thiểu này."}
    with pytest.raises(ValidationError) as exc:
        S.band_create(actor=admin, label="Tốt", min_score=Decimal(80), colour="info")
    assert messages_of(exc) == {"label": "Đã có mức xếp loại với tên này."}
    with pytest.raises(ValidationError) as exc:
        S.band_create(actor=admin, label="Siêu", min_score=Decimal(101), colour="info")
    assert messages_of(exc) == {"min_score": "Điểm tối thiểu phải từ 0 đến 100 %."}
    assert ClassificationBand.objects.count() == 5


def test_the_database_refuses_what_validation_refuses(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassificationCriterion.objects.create(name="x", kind=Kind.ON_TIME, points=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassificationCriterion.objects.create(name="x", kind=Kind.INDICATOR, points=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassificationBand.objects.create(label="Trùng", min_score=Decimal(91))


@pytest.mark.parametrize("user", ["approver_a", "reporter_a1", "viewer_b", "outsider"])
def test_only_a_province_admin_may_change_criteria(tree, rules, user):
    actor = getattr(tree.users, user)
    with pytest.raises(PermissionDenied):
        S.criterion_create(actor=actor, name="Mới", kind=Kind.ON_TIME, points=5)
    with pytest.raises(PermissionDenied):
        S.band_delete(actor=actor, band=ClassificationBand.objects.first())
    with pytest.raises(PermissionDenied):
        S.criterion_delete(actor=actor, criterion=rules[0])


def test_every_constraint_message_can_be_shown():
    """Django formats constraint messages with %(name)s: a bare "%" would break them."""
    for model in (ClassificationCriterion, ClassificationBand):
        for constraint in model._meta.constraints:
            assert constraint.get_violation_error_message()
