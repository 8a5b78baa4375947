import datetime

import pytest
from django.core.exceptions import ValidationError

from greenplan.orgs.models import Unit, UnitEvent, UnitKind
from greenplan.orgs.services import unit_create, unit_dissolve, unit_merge, unit_move, unit_update

JULY = datetime.date(2025, 7, 1)


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def children_codes(unit: Unit) -> set[str]:
    return set(Unit.objects.filter(depth=unit.depth + 1, path__startswith=fresh(unit).path)
               .values_list("code", flat=True))


def events(unit: Unit, kind: str):
    return UnitEvent.objects.filter(unit=unit, kind=kind)


def assert_tree_is_valid() -> None:
    assert Unit.objects.find_problems() == ([], [], [], [], [])


# --- create and update -------------------------------------------------------------------------


def test_create_places_the_unit_under_its_parent_and_logs_it(tree):
    unit = unit_create(parent=tree.b, code=" hp-b-02 ", name="Công đoàn Trường THCS Trần Phú",
                       kind=UnitKind.objects.get(code="grassroots"), members=30, workers=31)
    assert unit.code == "HP-B-02"
    assert Unit.objects.get_parent(fresh(unit)) == tree.b
    assert fresh(tree.b).numchild == 2
    assert unit.search_text == "cong doan truong thcs tran phu hp-b-02"
    assert events(unit, UnitEvent.Kind.CREATED).get().to_parent == tree.b
    assert_tree_is_valid()


def test_create_refuses_a_code_outside_the_charset(tree):
    with pytest.raises(ValidationError) as error:
        unit_create(parent=tree.b, code="HP/Đ1", name="X", kind=tree.a1.kind)
    assert "code" in error.value.message_dict
    assert not Unit.objects.filter(name="X").exists()


def test_create_refuses_an_ended_parent(tree):
    unit_dissolve(unit=tree.b1, date=JULY)
    with pytest.raises(ValidationError):
        unit_create(parent=fresh(tree.b1), code="HP-B-01-01", name="X", kind=tree.a1.kind)


def test_create_refuses_unknown_fields(tree):
    with pytest.raises(TypeError):
        unit_create(parent=tree.b, code="HP-B-09", name="X", kind=tree.a1.kind, path="0001")


def test_update_changes_fields_and_logs_what_changed(tree):
    unit = unit_update(unit=tree.a1, name="Công đoàn Công ty TNHH Thép Sạch", members=130)
    assert fresh(unit).members == 130
    assert "thep sach" in fresh(unit).search_text
    assert events(unit, UnitEvent.Kind.UPDATED).get().note == "name, members"


def test_update_without_changes_logs_nothing(tree):
    unit_update(unit=tree.a1, members=tree.a1.members)
    assert not events(tree.a1, UnitEvent.Kind.UPDATED).exists()


def test_update_refuses_an_invalid_email(tree):
    with pytest.raises(ValidationError):
        unit_update(unit=tree.a1, email="not an address")


# --- move ----------------------------------------------------------------------------------------


def test_move_carries_the_subtree_and_logs_both_parents(tree):
    moved = unit_move(unit=tree.a1, new_parent=tree.b, date=JULY, actor=tree.users.admin)
    assert moved.path.startswith(tree.b.path)
    assert children_codes(tree.b) == {"HP-B-01", "HP-A-01"}
    assert children_codes(tree.a) == {"HP-A-02"}
    assert (fresh(tree.a).numchild, fresh(tree.b).numchild) == (1, 2)
    event = events(tree.a1, UnitEvent.Kind.MOVED).get()
    assert (event.from_parent, event.to_parent, event.date, event.actor) == (
        tree.a, tree.b, JULY, tree.users.admin)
    assert_tree_is_valid()


def test_move_of_a_superior_unit_moves_its_grassroots_too(tree):
    unit_move(unit=tree.a, new_parent=tree.b, date=JULY)
    a = fresh(tree.a)
    assert a.depth == 3
    assert all(fresh(u).path.startswith(a.path) and fresh(u).depth == 4 for u in (tree.a1, tree.a2))
    assert_tree_is_valid()


@pytest.mark.parametrize("target", ["a", "a1"])
def test_move_refuses_its_own_subtree(tree, target):
    with pytest.raises(ValidationError) as error:
        unit_move(unit=tree.a, new_parent=getattr(tree, target), date=JULY)
    assert "parent" in error.value.message_dict
    assert fresh(tree.a).path == tree.a.path
    assert not UnitEvent.objects.filter(kind=UnitEvent.Kind.MOVED).exists()


def test_move_refuses_an_ended_parent(tree):
    unit_dissolve(unit=tree.b1, date=JULY)
    with pytest.raises(ValidationError):
        unit_move(unit=tree.a1, new_parent=fresh(tree.b1), date=JULY)


def test_move_to_the_same_parent_does_nothing(tree):
    unit_move(unit=tree.a1, new_parent=tree.a, date=JULY)
    assert fresh(tree.a1).path == tree.a1.path
    assert not events(tree.a1, UnitEvent.Kind.MOVED).exists()


# --- dissolve ------------------------------------------------------------------------------------


def test_dissolve_ends_a_leaf_and_keeps_it_in_the_tree(tree):
    unit = unit_dissolve(unit=tree.b1, date=JULY, actor=tree.users.admin)
    assert unit.valid_to == JULY and not unit.is_active
    assert fresh(tree.b).numchild == 1  # history stays where it was
    assert events(tree.b1, UnitEvent.Kind.DISSOLVED).get().actor == tree.users.admin
    assert not Unit.objects.active().filter(pk=tree.b1.pk).exists()


def test_dissolve_refuses_a_unit_with_children_and_no_successor(tree):
    with pytest.raises(ValidationError) as error:
        unit_dissolve(unit=tree.a, date=JULY)
    assert "successor" in error.value.message_dict
    assert fresh(tree.a).valid_to is None


def test_dissolve_hands_the_children_to_the_successor(tree):
    unit_dissolve(unit=tree.a, date=JULY, successor=tree.b)
    assert children_codes(tree.b) == {"HP-B-01", "HP-A-01", "HP-A-02"}
    assert children_codes(tree.a) == set()
    assert events(tree.a1, UnitEvent.Kind.MOVED).get().to_parent == tree.b
    assert events(tree.a, UnitEvent.Kind.DISSOLVED).get().successor == tree.b
    assert_tree_is_valid()


def test_dissolve_twice_is_refused(tree):
    unit_dissolve(unit=tree.b1, date=JULY)
    with pytest.raises(ValidationError) as error:
        unit_dissolve(unit=fresh(tree.b1), date=JULY)
    assert "unit" in error.value.message_dict
    assert events(tree.b1, UnitEvent.Kind.DISSOLVED).count() == 1


def test_dissolve_refuses_a_date_before_the_unit_began(tree):
    with pytest.raises(ValidationError) as error:
        unit_dissolve(unit=tree.b1, date=datetime.date(2019, 12, 31))
    assert "date" in error.value.message_dict


def test_dissolve_refuses_a_successor_inside_the_unit(tree):
    with pytest.raises(ValidationError) as error:
        unit_dissolve(unit=tree.a, date=JULY, successor=tree.a1)
    assert "successor" in error.value.message_dict


def test_dissolve_refuses_an_ended_successor(tree):
    unit_dissolve(unit=tree.b1, date=JULY)
    with pytest.raises(ValidationError):
        unit_dissolve(unit=tree.a2, date=JULY, successor=fresh(tree.b1))


def test_a_refused_dissolution_leaves_the_children_in_place(tree):
    with pytest.raises(ValidationError):
        unit_dissolve(unit=tree.a, date=datetime.date(2019, 1, 1), successor=tree.b)
    assert children_codes(tree.a) == {"HP-A-01", "HP-A-02"}


# --- merge ---------------------------------------------------------------------------------------


def test_merge_ends_each_unit_and_gathers_their_children(tree):
    into = unit_merge(units=[tree.a], into=tree.b, date=JULY, actor=tree.users.admin)
    assert into == tree.b
    assert fresh(tree.a).valid_to == JULY
    assert children_codes(tree.b) == {"HP-B-01", "HP-A-01", "HP-A-02"}
    merged = events(tree.a, UnitEvent.Kind.MERGED).get()
    assert (merged.successor, merged.actor) == (tree.b, tree.users.admin)
    assert UnitEvent.objects.filter(kind=UnitEvent.Kind.MOVED, to_parent=tree.b).count() == 2
    assert_tree_is_valid()


def test_merge_of_grassroots_units(tree):
    unit_merge(units=[tree.a2, tree.b1], into=tree.a1, date=JULY)
    assert not fresh(tree.a2).is_active and not fresh(tree.b1).is_active
    assert UnitEvent.objects.filter(kind=UnitEvent.Kind.MERGED, successor=tree.a1).count() == 2


def test_merge_refuses_a_unit_into_itself(tree):
    with pytest.raises(ValidationError) as error:
        unit_merge(units=[tree.a1, tree.a2], into=tree.a1, date=JULY)
    assert "into" in error.value.message_dict
    assert fresh(tree.a2).is_active


def test_merge_refuses_a_unit_into_its_own_subordinate(tree):
    with pytest.raises(ValidationError):
        unit_merge(units=[tree.a], into=tree.a1, date=JULY)
    assert fresh(tree.a).is_active
