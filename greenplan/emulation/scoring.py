"""The rules that read a scoring sheet: totals, eligibility for an award level, ranking.

Pure functions over loaded rows, so the services, the pages, the API and the tests compute them
the same way.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from greenplan.emulation.models import AwardLevel, ConditionAnswer, Entry, Score
from greenplan.orgs.models import Unit


def verified_points(score: Score) -> Decimal | None:
    """What the superior counts: their adjusted points, else the unit's own."""
    return score.verified_points if score.verified_points is not None else score.self_points


def self_total(scores: Iterable[Score]) -> Decimal:
    return sum((s.self_points or Decimal(0) for s in scores), Decimal(0))


def verified_total(scores: Iterable[Score]) -> Decimal:
    return sum((verified_points(s) or Decimal(0) for s in scores), Decimal(0))


def condition_met(answer: ConditionAnswer | None) -> bool:
    """A condition counts as met when the superior confirmed it, or (before a decision) the unit said so."""
    if answer is None:
        return False
    value = answer.verified_met if answer.verified_met is not None else answer.self_met
    return bool(value)


def award_applies(award: AwardLevel, unit: Unit) -> bool:
    if award.applies_to == AwardLevel.AppliesTo.ALL:
        return True
    grassroots = unit.kind.is_grassroots
    return grassroots if award.applies_to == AwardLevel.AppliesTo.GRASSROOTS else not grassroots


@dataclass(frozen=True)
class Eligibility:
    award: AwardLevel
    eligible: bool
    score_ok: bool
    failed_conditions: tuple[str, ...]  # condition codes not met


def eligibility(entry: Entry, awards: Sequence[AwardLevel], answers: dict[int, ConditionAnswer],
                required: dict[int, list[int]]) -> list[Eligibility]:
    """For each award level that applies to the entry's unit: is it earned? Only a confirmed
    (locked) verified score earns anything. `answers` by condition id; `required` maps an award
    id to the ids of its conditions."""
    out = []
    score = entry.verified_total if entry.status == Entry.Status.CONFIRMED else None
    for award in awards:
        if not award_applies(award, entry.unit):
            continue
        score_ok = score is not None and score >= award.min_score
        failed = tuple(sorted(answers[c].condition.code if c in answers else str(c)
                              for c in required.get(award.pk, []) if not condition_met(answers.get(c))))
        out.append(Eligibility(award, score_ok and not failed, score_ok, failed))
    return out


def best_award(results: Sequence[Eligibility]) -> AwardLevel | None:
    """The eligible level with the highest threshold."""
    earned = [r.award for r in results if r.eligible]
    return max(earned, key=lambda a: (a.min_score, -a.order)) if earned else None


def ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Competition ranking (1, 2, 2, 4) of the scores, highest first; None is not ranked."""
    ordered = sorted((s for s in scores if s is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[s] if s is not None else None for s in scores]
