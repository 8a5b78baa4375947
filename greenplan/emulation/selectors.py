"""Reads of emulation, through the user's scope, with a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, FilteredRelation, Prefetch, Q, QuerySet, When, Window
from django.db.models.functions import Rank
from django.http import Http404

from greenplan.accounts.access import Action, may_decide_proposals, scope_q
from greenplan.accounts.models import User
from greenplan.accounts.selectors import unit_for_user
from greenplan.emulation import scoring
from greenplan.emulation.models import (
    AwardLevel,
    ConditionAnswer,
    Criterion,
    CriterionGroup,
    Entry,
    EvidenceFile,
    EvidenceLink,
    Proposal,
    Score,
    Sheet,
)
from greenplan.lib.collation import CodePoint
from greenplan.orgs.models import Unit, subtree_q
from greenplan.orgs.selectors import unit_children


def sheets() -> QuerySet[Sheet]:
    return Sheet.objects.select_related("movement").order_by("movement__code", "-year")


def sheet_of(movement: str, year: int) -> Sheet:
    """The movement's sheet of that year (404 otherwise); the movement code is case-insensitive."""
    sheet = sheets().filter(movement__code__iexact=movement.strip(), year=year).first()
    if sheet is None:
        raise Http404(movement)
    return sheet


def sheet_groups(sheet: Sheet) -> list[CriterionGroup]:
    return list(sheet.groups.prefetch_related(Prefetch("criteria", Criterion.objects.order_by("order", "id"))))


def sheet_awards(sheet: Sheet) -> tuple[list[AwardLevel], dict[int, list[int]]]:
    """The award levels, highest threshold first, and the condition ids each requires."""
    awards = list(sheet.awards.prefetch_related("conditions").order_by("-min_score", "order"))
    return awards, {a.pk: [c.pk for c in a.conditions.all()] for a in awards}


def entry_unit(user: User, code: str) -> Unit:
    """A unit the user may read (404 unknown, 403 outside the scope)."""
    return unit_for_user(user, code, Action.VIEW)


def entry_of(sheet: Sheet, unit: Unit) -> Entry | None:
    return (
        Entry.objects.filter(sheet=sheet, unit=unit)
        .select_related("unit__kind", "sheet__movement", "submitted_by", "confirmed_by")
        .prefetch_related(
            Prefetch("scores", Score.objects.select_related("criterion__group").prefetch_related(
                Prefetch("files", EvidenceFile.objects.order_by("id")),
                Prefetch("links", EvidenceLink.objects.select_related("activity", "report__period", "indicator")))),
            Prefetch("answers", ConditionAnswer.objects.select_related("condition").order_by("condition__order")),
        )
        .first()
    )


def eligibility_of(entry: Entry) -> list[scoring.Eligibility]:
    awards, required = sheet_awards(entry.sheet)
    answers = {a.condition_id: a for a in entry.answers.all()}
    return scoring.eligibility(entry, awards, answers, required)


@dataclass
class RankRow:
    unit: Unit
    entry: Entry | None
    self_score: Decimal | None
    verified_score: Decimal | None
    rank: int | None = None
    award: AwardLevel | None = None
    results: list[scoring.Eligibility] = field(default_factory=list)


LEVELS = ("grassroots", "upper")


def ranking(sheet: Sheet, parent: Unit) -> list[RankRow]:
    """The direct subordinates of `parent` in the sheet's year: the unit's self-score once
    submitted, the verified score once confirmed (locked), the competition rank by verified
    score (ties share a rank), and the highest award level earned. Ranked first, then by code."""
    children = list(unit_children(parent).select_related("kind"))
    return _ranked(sheet, children, Q(unit__in=children))


def _level_units(root: Unit, level: str) -> QuerySet[Unit]:
    if level not in LEVELS:
        raise Http404(level)
    return Unit.objects.active().filter(subtree_q(root.path), depth__gt=root.depth,
                                        kind__is_grassroots=level == "grassroots")


def level_ranking(sheet: Sheet, root: Unit, level: str) -> list[RankRow]:
    """Every active unit of one level anywhere below `root`, ranked together: `grassroots` (the
    grassroots unions), or `upper` (the unions between `root` and them: commune, sector,
    industrial-zone unions, whatever their depth). Same columns and rules as `ranking`."""
    units = _level_units(root, level).select_related("kind").order_by("path")
    return _ranked(sheet, list(units), subtree_q(root.path, prefix="unit__"))


def level_ranking_page(sheet: Sheet, root: Unit, level: str, number: str | int | None, per_page: int) -> Page:
    """One page of `level_ranking`, same ranks and order, ranked in the database: a province has
    ~8,000 grassroots unions and only the shown page's rows are built (a count, the page's ids
    and ranks, then the rows in the fixed number of queries of `_rows`)."""
    confirmed = Q(entry__status=Entry.Status.CONFIRMED)
    verified = Case(When(confirmed, then=F("entry__verified_total")))
    # RANK() is `scoring.ranks`' competition ranking (1, 2, 2, 4). Units without a confirmed score
    # come after the others in its order, so they do not move a rank, and their own is dropped.
    ordered = (_level_units(root, level)
               .annotate(entry=FilteredRelation("emulation_entries", condition=Q(emulation_entries__sheet=sheet)))
               .annotate(rank=Case(When(confirmed, then=Window(Rank(), order_by=verified.desc(nulls_last=True))))))
    page = Paginator(ordered.order_by(F("rank").asc(nulls_last=True), CodePoint("code")).values_list("pk", "rank"),
                     per_page).get_page(number)
    ranks = dict(page.object_list)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ranks).select_related("kind")}
    rows = _rows(sheet, [units[pk] for pk in ranks], Q(unit__in=list(ranks)))
    for row in rows:
        row.rank = ranks[row.unit.pk]
    page.object_list = rows
    return page


def _ranked(sheet: Sheet, units: list[Unit], entries_of: Q) -> list[RankRow]:
    """`entries_of` narrows the sheet's entries to those units (a subtree rather than thousands of ids)."""
    rows = _rows(sheet, units, entries_of)
    for row, rank in zip(rows, scoring.ranks([r.verified_score for r in rows]), strict=True):
        row.rank = rank
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.code))
    return rows


def _rows(sheet: Sheet, units: list[Unit], entries_of: Q) -> list[RankRow]:
    """The units' rows, unranked and in their order: scores, eligibility and best award."""
    by_pk = {u.pk: u for u in units}
    entries = {
        e.unit_id: e
        for e in Entry.objects.filter(entries_of, sheet=sheet)
        .prefetch_related(Prefetch("answers", ConditionAnswer.objects.select_related("condition")))
        if e.unit_id in by_pk
    }
    awards, required = sheet_awards(sheet)
    rows = []
    for unit in units:
        entry = entries.get(unit.pk)
        if entry is not None:
            entry.unit = unit
        submitted = entry is not None and entry.status != Entry.Status.DRAFT
        confirmed = entry is not None and entry.status == Entry.Status.CONFIRMED
        row = RankRow(unit, entry, entry.self_total if submitted and entry else None,
                      entry.verified_total if confirmed and entry else None)
        if entry is not None:
            answers = {a.condition_id: a for a in entry.answers.all()}
            row.results = scoring.eligibility(entry, awards, answers, required)
            row.award = scoring.best_award(row.results)
        rows.append(row)
    return rows


def proposals_for(user: User) -> QuerySet[Proposal]:
    """Proposals the user sees: those made by units of the user's scope, and every one about a
    unit under a root where the user decides (the province)."""
    qs = Proposal.objects.select_related("unit", "proposer", "award__sheet__movement", "created_by", "decided_by")
    return qs.filter(scope_q(user, prefix="proposer__") | scope_q(user, Action.APPROVE, prefix="unit__"))


def decided_proposals(root: Unit) -> QuerySet[Proposal]:
    """Every approved proposal about a unit of `root`'s subtree, with what the official list prints."""
    return (Proposal.objects.filter(subtree_q(root.path, prefix="unit__"), status=Proposal.Status.APPROVED)
            .select_related("unit", "proposer", "award", "sheet__movement").prefetch_related("findings")
            .order_by("decided_at", "pk"))


def proposal_of(user: User, pk: int) -> Proposal:
    proposal = proposals_for(user).prefetch_related("findings").filter(pk=pk).first()
    if proposal is None:
        raise Http404(pk)
    return proposal


def may_decide(user: User, proposal: Proposal) -> bool:
    return may_decide_proposals(user, proposal.unit)
