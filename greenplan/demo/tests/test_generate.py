import io
import re

import pytest
from django.core.management import CommandError, call_command

from greenplan.accounts.models import Membership, Role, User
from greenplan.demo.generate import split
from greenplan.orgs.models import CODE_PATTERN, Unit


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_org", *args, stdout=out)
    return out.getvalue()


def test_split_is_exact_and_proportional():
    assert split(10, [1, 1, 1]) == [4, 3, 3] or sorted(split(10, [1, 1, 1])) == [3, 3, 4]
    assert sum(split(150_000, [0.3, 1.7, 2.2, 0.01])) == 150_000
    assert split(0, [1, 2]) == [0, 0]


def test_it_builds_a_valid_national_tree_of_the_right_size(db):
    generate("--grassroots", "500")
    root = Unit.objects.get(code="TLD")
    units = Unit.objects.filter(path__startswith=root.path)
    assert root.depth == 1 and root.kind.code == "national"
    assert units.filter(kind__is_grassroots=True).count() == 500
    assert units.filter(depth=2, kind__code="province").count() == 34
    assert {"commune", "industrial_zone", "sector", "corporation"} <= set(units.values_list("kind__code", flat=True))
    assert set(units.filter(kind__is_grassroots=True).values_list("depth", flat=True)) == {3, 4, 5}
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert all(re.match(CODE_PATTERN, code) for code in units.values_list("code", flat=True))
    assert all(m <= w for m, w in units.values_list("members", "workers"))


def test_it_is_deterministic_for_a_seed(db):
    generate("--grassroots", "300", "--provinces", "3", "--seed", "7")
    first = list(Unit.objects.order_by("path").values_list("code", "name", "members"))
    generate("--grassroots", "300", "--provinces", "3", "--seed", "7", "--replace")
    assert list(Unit.objects.order_by("path").values_list("code", "name", "members")) == first


def test_it_refuses_a_second_tree_without_replace(db):
    generate("--grassroots", "50", "--provinces", "2")
    with pytest.raises(CommandError):
        generate("--grassroots", "50", "--provinces", "2")
    generate("--grassroots", "80", "--provinces", "2", "--replace")
    assert Unit.objects.filter(kind__is_grassroots=True).count() == 80


def test_it_sits_beside_an_existing_tree(tree):
    generate("--grassroots", "100", "--provinces", "2")
    assert Unit.objects.get(code="HP").numchild == 2
    assert Unit.objects.get_root_nodes().count() == 2
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_accounts_are_optional_and_removed_with_the_tree(db):
    generate("--grassroots", "40", "--provinces", "2", "--accounts")
    units = Unit.objects.count()
    assert User.objects.count() == units
    assert Membership.objects.get(user__username="tld").role == Role.ADMIN
    assert Membership.objects.get(user__username="tld-p01").role == Role.APPROVER
    generate("--grassroots", "40", "--provinces", "2", "--replace")
    assert User.objects.count() == 0
