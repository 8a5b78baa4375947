"""Results are counted in SQL; here they are checked against answers counted independently."""

import random
from collections import Counter
from decimal import Decimal

from greenplan.orgs.models import Ownership
from greenplan.survey.models import Answer, OptionTally, Question, Response, Survey, UnitTally
from greenplan.survey.selectors import offered_figures, survey_results
from greenplan.survey.services import survey_tallies_rebuild
from greenplan.testing.survey import answer


def _random_answers(survey, rng):
    questions = list(survey.questions.all())
    chosen: dict[str, object] = {}
    for q in questions:
        codes = q.option_codes()
        if q.code == "training_topics" and chosen.get("training_interest") != "yes":
            continue
        if q.kind == Question.Kind.SINGLE or q.kind == Question.Kind.SCALE:
            chosen[q.code] = rng.choice(codes)
        elif q.kind == Question.Kind.MULTI:
            chosen[q.code] = rng.sample(codes, rng.randint(1, len(codes)))
        elif q.kind == Question.Kind.NUMBER:
            if rng.random() < 0.8:
                chosen[q.code] = str(rng.randint(0, 30))
        elif rng.random() < 0.5:
            chosen[q.code] = f"Ý kiến {rng.randint(1, 1000)}"
    return chosen


def _expected(sent):
    counts: Counter[tuple] = Counter()
    sums: dict[str, Decimal] = {}
    numbers: Counter[str] = Counter()
    for answers in sent:
        for code, value in answers.items():
            for v in value if isinstance(value, list) else [value]:
                counts[(code, v)] += 1
            if code in ("years", "change_exposure", "awareness"):
                sums[code] = sums.get(code, Decimal(0)) + Decimal(value)
                numbers[code] += 1
    return counts, sums, numbers


def test_results_equal_the_answers_counted_in_the_test(tree, green_survey):
    rng = random.Random(7)
    sent: dict[str, list[dict]] = {"a1": [], "a2": [], "b1": []}
    for key in sent:
        for _ in range(rng.randint(8, 20)):
            answers = _random_answers(green_survey, rng)
            unit = getattr(tree, key)
            full = {code: None for code in ("years", "suggestion", "worries", "training_topics")}
            answer(green_survey, unit, **{**full, **answers})
            sent[key].append(answers)
    for unit, keys in ((tree.root, ["a1", "a2", "b1"]), (tree.a, ["a1", "a2"]), (tree.b1, ["b1"])):
        pool = [a for k in keys for a in sent[k]]
        counts, sums, numbers = _expected(pool)
        results = survey_results(green_survey, unit)
        assert results.responses == len(pool)
        for qr in results.questions:
            q = qr.question
            if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTI, Question.Kind.SCALE):
                assert qr.counts == {c: counts[(q.code, c)] for c in q.option_codes()}, q.code
            if q.kind in (Question.Kind.NUMBER, Question.Kind.SCALE):
                total = sums.get(q.code, Decimal(0))
                expected = (total / numbers[q.code]).quantize(Decimal("0.01")) if numbers[q.code] else None
                assert qr.mean == expected, q.code


def test_the_tallies_kept_with_each_answer_equal_a_recount(tree, green_survey):
    rng = random.Random(11)
    for unit in (tree.a1, tree.a2, tree.b1, tree.a1):
        for _ in range(5):
            answer(green_survey, unit, **{**{c: None for c in ("years", "worries", "training_topics")},
                                          **_random_answers(green_survey, rng)})

    def snapshot():
        return (sorted(UnitTally.objects.values_list("unit_id", "responses")),
                sorted(OptionTally.objects.values_list("unit_id", "question_id", "option", "answers", "numbers",
                                                       "total")))

    kept = snapshot()
    survey_tallies_rebuild(survey=green_survey)
    assert snapshot() == kept
    assert sum(n for _u, n in kept[0]) == Response.objects.count() == 20


def test_a_sector_or_ownership_filter_narrows_the_subtree(tree, green_survey):
    answer(green_survey, tree.a1)  # private enterprise, no sector
    answer(green_survey, tree.a2)  # education, public service
    answer(green_survey, tree.b1)  # education, no ownership
    assert survey_results(green_survey, tree.root, sector="education").responses == 2
    assert survey_results(green_survey, tree.root, ownership=Ownership.PRIVATE).responses == 1
    assert survey_results(green_survey, tree.a, sector="education", ownership=Ownership.PUBLIC_SERVICE).responses == 1
    assert survey_results(green_survey, tree.root, sector="-").responses == 1


def test_results_are_a_few_queries_whatever_the_number_of_answers(tree, green_survey, django_assert_max_num_queries):
    for _ in range(30):
        answer(green_survey, tree.a1)
    with django_assert_max_num_queries(4):
        survey_results(green_survey, tree.a)


def test_the_offer_counts_the_units_own_responses_and_training_demand(tree, green_survey, period):
    answer(green_survey, tree.a1, training_interest="yes")
    answer(green_survey, tree.a1, training_interest="no", training_topics=None)
    answer(green_survey, tree.a1, training_interest="unsure", training_topics=None)
    answer(green_survey, tree.a2, training_interest="yes")
    offer = offered_figures(tree.a1, period)
    assert (offer.responses, offer.training_demand) == (3, 1)
    assert offered_figures(tree.a, period) is None  # the commune union's own: none; totals add up below
    assert offered_figures(tree.b1, period) is None


def test_nothing_in_a_response_names_the_worker(tree, green_survey):
    fields = {f.name for f in Response._meta.get_fields()} | {f.name for f in Answer._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user", "name", "created_by", "user_agent", "email", "phone"}


def test_the_demo_survey_is_answered_deterministically(tree, period):
    from greenplan.demo.survey import load_demo_survey

    count = load_demo_survey(tree.root, seed=5)
    survey = Survey.objects.get()
    assert count == Response.objects.count() > 0
    assert survey_results(survey, tree.root).responses == count
    first = sorted(Answer.objects.values_list("unit_id", "question__code", "option", "number", "text"))
    Survey.objects.all().delete()
    load_demo_survey(tree.root, seed=5)
    assert sorted(Answer.objects.values_list("unit_id", "question__code", "option", "number", "text")) == first
