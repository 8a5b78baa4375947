"""The demo movement: the seed's movement with a 100-point sheet and a year of scores in mixed states."""

from decimal import Decimal

import pytest

from greenplan.demo.emulation import YEAR, load_demo_emulation
from greenplan.emulation.models import Criterion, Entry, Sheet
from greenplan.emulation.selectors import ranking
from greenplan.orgs.models import Unit


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_province")
class TestDemoMovement:
    def test_the_sheet_of_the_seed_movement(self):
        sheet = Sheet.objects.get(movement__code="XSD-ATVSLD", year=YEAR)
        assert sheet.movement.name == "Xanh - Sạch - Đẹp, Bảo đảm an toàn, vệ sinh lao động"
        assert sum(c.max_points for c in Criterion.objects.filter(group__sheet=sheet)) == 100
        assert {a.code: a.min_score for a in sheet.awards.all()} == {"BK-TLD": 91, "CO-TLD": 96}

    def test_a_year_of_scores_in_every_state(self):
        entries = list(Entry.objects.select_related("unit__kind"))
        states = {e.status for e in entries}
        assert states == {"draft", "submitted", "confirmed"}
        assert len(entries) >= 30
        assert any(not e.unit.kind.is_grassroots for e in entries)
        for entry in entries:
            own = sum((s.self_points for s in entry.scores.all()), Decimal(0))
            assert entry.self_total == own
            if entry.status == "confirmed":
                verified = sum(((s.verified_points if s.verified_points is not None else s.self_points)
                                for s in entry.scores.all()), Decimal(0))
                assert entry.verified_total == verified <= 100

    def test_the_ranking_of_a_superior_has_ranked_units_and_awards(self):
        sheet = Sheet.objects.get(year=YEAR)
        parents = {Unit.objects.get_parent(e.unit) for e in Entry.objects.filter(unit__kind__is_grassroots=True)}
        rows = [r for parent in parents for r in ranking(sheet, parent)]
        assert any(r.rank == 1 for r in rows)
        assert any(r.award is not None for r in rows)

    def test_loading_again_adds_nothing(self):
        before = Entry.objects.count()
        assert load_demo_emulation(Unit.objects.get(code="HP")) == 0
        assert Entry.objects.count() == before
