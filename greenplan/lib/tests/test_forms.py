from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from greenplan.lib.forms import add_service_errors


class _Form(forms.Form):
    code = forms.CharField()
    name = forms.CharField()


def _bound() -> _Form:
    form = _Form(data={"code": "A", "name": "B"})
    assert form.is_valid()
    return form


def test_errors_named_after_a_field_go_under_that_field():
    form = _bound()
    add_service_errors(form, ValidationError({"code": "Mã đã có.", "name": ["Tên quá dài."]}))
    assert form.errors["code"] == ["Mã đã có."]
    assert form.errors["name"] == ["Tên quá dài."]
    assert not form.non_field_errors()


def test_errors_of_fields_the_form_lacks_go_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError({"parent": "Không có đơn vị cấp trên.",
                                              NON_FIELD_ERRORS: "Đã khóa."}))
    assert form.non_field_errors() == ["Không có đơn vị cấp trên.", "Đã khóa."]
    assert "parent" not in form.errors


def test_an_error_that_names_no_field_goes_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError("Kế hoạch đã ban hành."))
    assert form.non_field_errors() == ["Kế hoạch đã ban hành."]
    assert not form.is_valid()


def test_one_fact_said_twice_outside_the_form_is_shown_once():
    form = _bound()
    add_service_errors(form, ValidationError({"year": "Kỳ này đã có.", "half": "Kỳ này đã có."}))
    assert form.non_field_errors() == ["Kỳ này đã có."]
