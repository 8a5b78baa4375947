"""Measure the green-jobs survey at scale (docs/benchmarks.md has the results).

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/survey_bench.py --responses 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_bench .venv/bin/python bench/survey_bench.py

It migrates the database, builds a bench province `SVB` (20 commune unions × 60 grassroots
unions), creates the ready-made questionnaire and stores `--responses` complete responses
(about 14 answer rows each) with bulk inserts, then times, after one warm-up run, the results of
the province, of one commune union and of the province filtered by sector, and the storing of
one answer through the service (the public page's write). Use a scratch database: the bench
province is replaced.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.orgs.models import Sector, Unit, UnitKind, subtree_q  # noqa: E402
from greenplan.orgs.services import unit_create  # noqa: E402
from greenplan.reporting.models import Period  # noqa: E402
from greenplan.survey.models import Answer, Question, Response, Survey  # noqa: E402
from greenplan.survey.selectors import survey_results, visible_questions  # noqa: E402
from greenplan.survey.services import response_submit, survey_create, survey_tallies_rebuild  # noqa: E402
from greenplan.testing.survey import FULL_ANSWER  # noqa: E402

ROOT = "SVB"
ROWS: list[tuple[str, float, float]] = []


def timed(label: str, fn: Callable[[], Any], runs: int) -> Any:
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    ROWS.append((label, statistics.median(times), min(times)))
    return result


def once(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    ROWS.append((label, time.perf_counter() - started, float("nan")))
    return result


@transaction.atomic
def build_tree(communes: int, per_commune: int) -> Unit:
    old = Unit.objects.filter(code=ROOT).first()
    if old is not None:
        Survey.objects.filter(unit__in=Unit.objects.filter(subtree_q(old.path))).delete()
        Unit.objects.filter(subtree_q(old.path)).delete()
    kinds = {k.code: k for k in UnitKind.objects.all()}
    sectors = list(Sector.objects.all())
    root = unit_create(parent=None, code=ROOT, name="LĐLĐ tỉnh (benchmark)", kind=kinds["province"])
    rng = random.Random(1)
    for c in range(communes):
        commune = unit_create(parent=root, code=f"{ROOT}-{c:02d}", name=f"Công đoàn phường {c}", kind=kinds["commune"])
        for g in range(per_commune):
            unit_create(parent=commune, code=f"{ROOT}-{c:02d}-{g:03d}", name=f"Công đoàn cơ sở {c}-{g}",
                        kind=kinds["grassroots"], members=100, workers=120,
                        sector=rng.choice(sectors) if sectors else None)
    return root


def period() -> Period:
    found = Period.objects.filter(is_open=True).first()
    if found:
        return found
    import datetime
    return Period.objects.create(code="2099H1", year=2099, half=1, start=datetime.date(2099, 1, 1),
                                 end=datetime.date(2099, 6, 30), cutoff=datetime.date(2099, 6, 30),
                                 deadline=datetime.date(2099, 7, 15), is_open=True)


def random_answers(questions: list[Question], rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in questions:
        if q not in visible_questions(questions, answers):
            continue
        codes = q.option_codes()
        if q.kind == Question.Kind.MULTI:
            answers[q.code] = rng.sample(codes, rng.randint(1, 3))
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
            answers[q.code] = rng.choice(codes)
        elif q.kind == Question.Kind.NUMBER:
            answers[q.code] = str(rng.randint(0, 30))
        elif rng.random() < 0.2:
            answers[q.code] = "Ý kiến mẫu"
    return answers


def fill(survey: Survey, count: int) -> int:
    """Bulk-insert `count` responses and their answer rows (the rows the service would write)."""
    rng = random.Random(2)
    questions = list(survey.questions.all())
    units = list(Unit.objects.filter(subtree_q(survey.unit.path), kind__code="grassroots").values_list("pk", flat=True))
    today = Period.objects.get(pk=survey.period_id).start
    rows = 0
    batch = 5000
    for start in range(0, count, batch):
        with transaction.atomic():
            responses = [Response(survey=survey, unit_id=rng.choice(units), submitted_on=today,
                                  nonce=f"bench-{start + i:09d}") for i in range(min(batch, count - start))]
            Response.objects.bulk_create(responses)
            answers = []
            for response in responses:
                for code, value in random_answers(questions, rng).items():
                    q = next(q for q in questions if q.code == code)
                    for v in value if isinstance(value, list) else [value]:
                        if q.kind == Question.Kind.NUMBER:
                            answers.append(Answer(response=response, survey=survey, unit_id=response.unit_id,
                                                  question=q, number=v))
                        elif q.kind == Question.Kind.TEXT:
                            answers.append(Answer(response=response, survey=survey, unit_id=response.unit_id,
                                                  question=q, text=v))
                        else:
                            answers.append(Answer(response=response, survey=survey, unit_id=response.unit_id,
                                                  question=q, option=v,
                                                  number=v if q.kind == Question.Kind.SCALE else None))
            Answer.objects.bulk_create(answers, batch_size=5000)
            rows += len(answers)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse the bench province and its answers")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    survey = Survey.objects.filter(unit__code=ROOT).first() if args.keep else None
    if survey is None:
        root = once("build the bench province (20 × 60 units)", lambda: build_tree(20, 60))
        admin, _ = User.objects.get_or_create(username="survey_bench_admin")
        Membership.objects.update_or_create(user=admin, unit=root, defaults={"role": Role.ADMIN})
        survey = survey_create(actor=admin, unit=root, period=period())
        once(f"store {args.responses:,} responses (bulk)", lambda: fill(survey, args.responses))
    root = survey.unit
    Response.objects.filter(survey=survey, nonce__startswith="bench-one-").delete()
    Answer.objects.filter(survey=survey, response__isnull=True).delete()
    once("count the tallies from the answers (survey_tallies_rebuild)", lambda: survey_tallies_rebuild(survey=survey))
    rows = Answer.objects.filter(survey=survey).count()
    args.responses = Response.objects.filter(survey=survey).count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    commune = Unit.objects.get(code=f"{ROOT}-00")
    sector = Unit.objects.filter(subtree_q(root.path), sector__isnull=False).values_list("sector__code", flat=True)[0]
    result = timed("results of the province", lambda: survey_results(survey, root), args.runs)
    assert result.responses == args.responses
    timed("results of one commune union (60 units)", lambda: survey_results(survey, commune), args.runs)
    timed("results of the province, one sector", lambda: survey_results(survey, root, sector=sector), args.runs)
    grassroots = Unit.objects.filter(subtree_q(commune.path), depth=commune.depth + 1).first()
    counter = iter(range(10**9))

    def store_one() -> Any:
        return response_submit(survey=survey, unit=grassroots, answers=FULL_ANSWER,
                               nonce=f"bench-one-{next(counter):09d}-{random.random()}")

    timed("store one answer (response_submit)", store_one, max(args.runs, 21))
    print(f"\n{connection.vendor}: {args.responses:,} responses, {rows:,} answer rows")
    print(f"{'measurement':<48} {'median ms':>10} {'fastest ms':>11}")
    for label, median, fastest in ROWS:
        print(f"{label:<48} {median * 1000:>10.1f} {fastest * 1000:>11.1f}")


if __name__ == "__main__":
    main()
