"""Province settings: the indicator catalogue, validation rules and reporting periods.

Only a root unit's admins (access.may_edit_settings) see these pages; everyone else gets 403.
Every write goes through greenplan.reporting.indicators / .periods: a ValidationError they raise
becomes a form error, a PermissionDenied a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenplan.accounts.access import require_settings_editor
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.models import User
from greenplan.lib.forms import service_form_page
from greenplan.lib.text import fold
from greenplan.reporting import indicators as I
from greenplan.reporting import periods as P
from greenplan.reporting import selectors
from greenplan.reporting.groups import GROUP_TITLES, group_heading
from greenplan.reporting.models import Indicator, Period, ValidationRule
from greenplan.reporting.settings.forms import (
    IndicatorForm,
    PeriodCreateForm,
    PeriodEditForm,
    RuleForm,
)


def _configurer(request: SignedInRequest) -> User:
    return require_settings_editor(request.user)


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    _configurer(request)
    return redirect("settings:indicators")


# --- Indicators ---------------------------------------------------------------------------------


def _indicators_url(request: HttpRequest) -> str:
    """Back to the list with the filters the user had (sent along by the row's forms)."""
    query = request.POST.get("back", "")
    url = reverse("settings:indicators")
    return f"{url}?{query}" if query and "//" not in query else url


@login_required
@require_GET
def indicator_list(request: SignedInRequest) -> HttpResponse:
    _configurer(request)
    q = request.GET.get("q", "").strip()
    group = request.GET.get("group", "")
    retired = request.GET.get("retired") == "1"
    qs = selectors.indicators_listed(include_retired=retired)
    if group.isdigit():
        qs = qs.filter(group=int(group))
    indicators = list(qs)
    if q:
        words = fold(q).split()
        indicators = [
            ind for ind in indicators
            if all(w in fold(f"{ind.code} {ind.name} {ind.name_en} {ind.plan_items}") for w in words)
        ]
    ctx = {
        "indicators": indicators,
        "q": q,
        "group": group,
        "retired": retired,
        "groups": [(n, group_heading(n)) for n in GROUP_TITLES],
        "query": request.GET.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "reporting/settings/indicators.html", ctx)


def _next_order(group: int) -> int:
    return (Indicator.objects.filter(group=group).aggregate(m=Max("order"))["m"] or 0) + 1


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request: SignedInRequest) -> HttpResponse:
    actor = _configurer(request)
    form = IndicatorForm(request.POST or None)

    def save() -> str:
        data = form.service_kwargs()
        indicator = I.indicator_create(actor=actor, code=form.cleaned_data["code"],
                                       kinds=list(form.cleaned_data["kinds"]), order=_next_order(data["group"]), **data)
        return _("Đã thêm chỉ tiêu %(code)s.") % {"code": indicator.code}

    return service_form_page(request, form, save, done="settings:indicators",
                             template="reporting/settings/indicator_form.html", context={"indicator": None})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: SignedInRequest, code: str) -> HttpResponse:
    actor = _configurer(request)
    indicator = get_object_or_404(Indicator.objects.prefetch_related("reporting_kinds"), code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)

    def save() -> str:
        I.indicator_update(actor=actor, indicator=indicator, kinds=list(form.cleaned_data["kinds"]),
                           **form.service_kwargs())
        return _("Đã lưu chỉ tiêu %(code)s.") % {"code": indicator.code}

    return service_form_page(request, form, save, done="settings:indicators",
                             template="reporting/settings/indicator_form.html", refused=indicator.refresh_from_db,
                             context={"indicator": indicator, "has_values": indicator.values.exists()})


@login_required
@require_POST
def indicator_retire(request: SignedInRequest, code: str) -> HttpResponse:
    actor = _configurer(request)
    indicator = get_object_or_404(Indicator, code=code)
    I.indicator_retire(actor=actor, indicator=indicator)
    messages.success(request, _("Đã ngừng sử dụng chỉ tiêu %(code)s. Số liệu đã báo cáo vẫn được giữ.")
                     % {"code": indicator.code})
    return redirect(_indicators_url(request))


@login_required
@require_POST
def indicator_restore(request: SignedInRequest, code: str) -> HttpResponse:
    actor = _configurer(request)
    indicator = get_object_or_404(Indicator, code=code)
    I.indicator_restore(actor=actor, indicator=indicator)
    messages.success(request, _("Đã dùng lại chỉ tiêu %(code)s.") % {"code": indicator.code})
    return redirect(_indicators_url(request))


# --- Validation rules ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rule_list(request: SignedInRequest) -> HttpResponse:
    actor = _configurer(request)
    form = RuleForm(request.POST or None)

    def save() -> str:
        data = form.cleaned_data
        rule = I.rule_create(actor=actor, left=data["left"], operator=data["operator"], right=data["right"],
                             severity=data["severity"], message=data["message"], message_en=data["message_en"])
        return _("Đã thêm quy tắc: %(message)s") % {"message": rule.message}

    rules = ValidationRule.objects.select_related("left", "right").order_by("-active", "left__group", "left__code")
    return service_form_page(request, form, save, done="settings:rules", template="reporting/settings/rules.html",
                             context={"rules": rules})


@login_required
@require_POST
def rule_active(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    rule = get_object_or_404(ValidationRule, pk=pk)
    active = request.POST.get("active") == "1"
    I.rule_set_active(actor=actor, rule=rule, active=active)
    messages.success(request, (_("Đã bật quy tắc: %(message)s") if active else _("Đã tắt quy tắc: %(message)s"))
                     % {"message": rule.message})
    return redirect("settings:rules")


# --- Periods ------------------------------------------------------------------------------------


@login_required
@require_GET
def period_list(request: SignedInRequest) -> HttpResponse:
    _configurer(request)
    return render(request, "reporting/settings/periods.html", {"periods": selectors.periods_listed()})


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request: SignedInRequest) -> HttpResponse:
    actor = _configurer(request)
    today = timezone.localdate()
    initial = {"year": today.year, "half": 1 if today.month <= 6 else 2}
    form = PeriodCreateForm(request.POST or None, initial=initial)

    def save() -> str:
        data = form.cleaned_data
        period = P.period_create(actor=actor, year=data["year"], half=data["half"], cutoff=data["cutoff"],
                                 deadline=data["deadline"], is_open=data["is_open"])
        return _("Đã tạo kỳ báo cáo %(code)s.") % {"code": period.code}

    return service_form_page(request, form, save, done="settings:periods",
                             template="reporting/settings/period_form.html", context={"period": None})


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: SignedInRequest, code: str) -> HttpResponse:
    actor = _configurer(request)
    period = get_object_or_404(Period, code=code.upper())
    form = PeriodEditForm(request.POST or None, initial={"cutoff": period.cutoff, "deadline": period.deadline})

    def save() -> str:
        P.period_update(actor=actor, period=period, cutoff=form.cleaned_data["cutoff"],
                        deadline=form.cleaned_data["deadline"])
        return _("Đã lưu kỳ báo cáo %(code)s.") % {"code": period.code}

    return service_form_page(request, form, save, done="settings:periods",
                             template="reporting/settings/period_form.html", refused=period.refresh_from_db,
                             context={"period": period})


@login_required
@require_POST
def period_open(request: SignedInRequest, code: str) -> HttpResponse:
    actor = _configurer(request)
    period = get_object_or_404(Period, code=code.upper())
    is_open = request.POST.get("open") == "1"
    try:
        P.period_update(actor=actor, period=period, is_open=is_open)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, (_("Đã mở kỳ báo cáo %(code)s.") if is_open else _("Đã đóng kỳ báo cáo %(code)s."))
                         % {"code": period.code})
    return redirect("settings:periods")
