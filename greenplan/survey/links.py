"""The public answer link of a unit: an unguessable token, not the unit code alone.

A token is `<survey id>.<unit id>.<signature>`: an HMAC of both ids keyed with SECRET_KEY and
the survey's own secret, so nobody can forge the link of another unit or survey, and renewing
the survey's secret retires all its links. It stays short enough for a clear QR code.
"""

import re

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from greenplan.orgs.models import Unit
from greenplan.survey.models import Survey

SALT = "greenplan.survey.link"
SIGNATURE_LENGTH = 22
TOKEN_RE = re.compile(r"^(\d{1,12})\.(\d{1,12})\.([0-9a-f]{" + str(SIGNATURE_LENGTH) + r"})$")


def _signature(survey: Survey, unit_pk: int) -> str:
    return salted_hmac(SALT, f"{survey.pk}.{unit_pk}.{survey.secret}", algorithm="sha256").hexdigest()[
        :SIGNATURE_LENGTH
    ]


def link_token(survey: Survey, unit: Unit) -> str:
    return f"{survey.pk}.{unit.pk}.{_signature(survey, unit.pk)}"


def answer_path(survey: Survey, unit: Unit) -> str:
    return reverse("survey_public:answer", kwargs={"token": link_token(survey, unit)})


def read_token(token: str) -> tuple[Survey, Unit] | None:
    """The survey and unit of a genuine token; None for a forged, malformed or stale one."""
    match = TOKEN_RE.match(token or "")
    if not match:
        return None
    survey = Survey.objects.select_related("period", "unit").filter(pk=int(match.group(1))).first()
    if survey is None or not constant_time_compare(_signature(survey, int(match.group(2))), match.group(3)):
        return None
    unit = Unit.objects.filter(pk=int(match.group(2))).first()
    if unit is None or not unit.path.startswith(survey.unit.path):
        return None
    return survey, unit
