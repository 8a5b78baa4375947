"""Question and option texts in the page's language (English when given and the page is English)."""

from typing import Any

from greenplan.lib.i18n import english_active
from greenplan.survey.models import Question


def option_text(option: dict[str, Any]) -> str:
    if english_active() and option.get("text_en"):
        return str(option["text_en"])
    return str(option.get("text", option.get("code", "")))


def option_labels(question: Question) -> dict[str, str]:
    """Option code → text; a scale's options are its numbers."""
    if question.kind == Question.Kind.SCALE:
        return {code: code for code in question.option_codes()}
    return {str(o["code"]): option_text(o) for o in question.options}
