"""Writes of the documents app: the officer's edits of a compiled report's drafted sections."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenplan.accounts.access import may_draft_compiled_report
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.documents.models import ReportDraft
from greenplan.documents.report import SECTION_KEYS
from greenplan.lib.text import clean_text
from greenplan.orgs.models import Unit

SECTION_MAX = 20_000


@transaction.atomic
def report_draft_save(*, actor: User, unit: Unit, period: str, sections: dict[str, str],
                      drafted: dict[str, str]) -> ReportDraft:
    """Keep the sections the officer changed; a section equal to the drafted text or left empty
    goes back to being drafted from the figures. Nothing is saved when any text is invalid
    (ValidationError keyed by section); PermissionDenied without the right on the unit."""
    if not may_draft_compiled_report(actor, unit):
        raise PermissionDenied(_("Bạn không được sửa báo cáo của đơn vị %(code)s.") % {"code": unit.code})
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, text in sections.items():
        if key not in SECTION_KEYS:
            errors[key] = _("Không có phần này trong báo cáo.")
            continue
        try:
            value = clean_text(text, field=_("Nội dung"), max_length=SECTION_MAX, multiline=True)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        value = value.replace("\r\n", "\n")
        if value and value != drafted.get(key, "").strip():
            cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    draft = ReportDraft.objects.select_for_update().filter(unit=unit, period=period).first()
    if draft is None:
        draft = ReportDraft(unit=unit, period=period)
    old = dict(draft.sections)
    merged = {k: v for k, v in old.items() if k not in sections}
    merged.update(cleaned)
    draft.sections = merged
    draft.updated_by = actor
    draft.full_clean()
    draft.save()
    changes = [{"field": key, "old": old.get(key), "new": merged.get(key)}
               for key in sorted(set(old) | set(merged)) if old.get(key) != merged.get(key)]
    log_action(actor=actor, action="report.draft_edited", obj=draft, unit=unit,
               data={"period": period, "changes": changes})
    return draft
