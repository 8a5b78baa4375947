"""Every main page in English for each persona: no Vietnamese left in the chrome.

The page's visible text (and the titles, labels and placeholders a screen reader or a hover
shows) is read element by element; text with letters that only Vietnamese writes (ă, đ, ơ, ư, the
tone marks…) is a failure unless it is data: a unit's name, a plan item's title, a person's name,
what users typed. Those are collected from the database and removed first.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db.models import CharField, JSONField, TextField

from greenplan.accounts.models import User
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.audit.models import LogEntry
from greenplan.orgs.models import Unit
from greenplan.plans.models import Plan, PlanGroup, PlanItem
from greenplan.reporting.models import ReportEvent

VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
QUOTED_NAME = re.compile("«[^»]*»")
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED_TAGS = {"script", "style", "template"}


class TextCollector(HTMLParser):
    """The text a reader meets, one string per text node or shown attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skipping_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Marked as Vietnamese on purpose: the language switcher names Vietnamese in Vietnamese.
        if tag in SKIPPED_TAGS or dict(attrs).get("lang") == "vi":
            self.skipping_tags.append(tag)
            return
        if not self.skipping_tags:
            self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if self.skipping_tags and self.skipping_tags[-1] == tag:
            self.skipping_tags.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping_tags and data.strip():
            self.texts.append(data.strip())


# What users (or the seed plan) wrote, and history stored as it was written at the time (a report
# event's comment, an audit entry's before/after values).
DATA_MODELS = (Unit, User, Plan, PlanGroup, PlanItem, ReportEvent, LogEntry, ClassificationCriterion,
               ClassificationBand)


def texts_in(value: object) -> list[str]:
    """Every string inside a field's value: JSON lists and objects are walked."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines()]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts_in(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts_in(v)]
    return []


def user_data() -> list[str]:
    """Strings that are data, line by line, longest first so that a name inside a longer one goes
    last: every text field of the models users write."""
    strings: set[str] = set()
    for model in DATA_MODELS:
        fields = [f.name for f in model._meta.get_fields()
                  if isinstance(f, (CharField, TextField, JSONField)) and not f.choices and f.name != "password"]
        for row in model.objects.values_list(*fields):
            strings |= {text for value in row for text in texts_in(value)}
    return sorted((s for s in strings if s), key=len, reverse=True)


def vietnamese_left(html: str, data: list[str]) -> list[str]:
    collector = TextCollector()
    collector.feed(html)
    left = []
    for text in collector.texts:
        # «Số liệu»: a Vietnamese heading of a file the user fills in, quoted by name on purpose.
        rest = QUOTED_NAME.sub("", text)
        for item in data:
            rest = rest.replace(item, "")
        # A piece of a longer text cut by inline markup (a plan item's <strong> words) is data too.
        if VIETNAMESE.search(rest) and not any(text in item for item in data):
            left.append(text)
    return left


PAGES = {
    "admin": ["/", "/units/", "/units/HP/", "/dashboard/HP/2026H1/", "/dashboard/HP/2026H1/breakdown/",
              "/reports/", "/reports/HP-A-01/2026H1/", "/reports/HP/2026H1/proposals/", "/overview/HP/2026H1/",
              "/plans/HP/", "/plans/HP/coverage/", "/emulation/", "/emulation/proposals/", "/practices/",
              "/surveys/", "/notifications/", "/accounts/", "/settings/indicators/",
              "/settings/periods/", "/settings/rules/", "/settings/classification/", "/audit/",
              "/accounts/manage/", "/exchange/imports/", "/practices/new/HP/"],
    "approver_a": ["/", "/units/HP-A/", "/dashboard/HP-A/2026H1/", "/reports/", "/reports/queue/",
                   "/reports/HP-A-01/2026H1/", "/plans/HP-A/"],
    "reporter_a1": ["/", "/dashboard/HP-A-01/2026H1/", "/reports/", "/reports/HP-A-01/2026H1/",
                    "/activities/HP-A-01/", "/activities/HP-A-01/new/", "/accounts/"],
    "viewer_b": ["/", "/units/HP-B/", "/dashboard/HP-B/2026H1/", "/reports/HP-B-01/2026H1/"],
}


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_the_main_pages_have_no_vietnamese_chrome_in_english(client, dashboard_reports, persona):
    client.force_login(getattr(dashboard_reports.users, persona))
    client.cookies["django_language"] = "en"
    data = user_data()
    found = {}
    for url in PAGES[persona]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "en", url
        if left := vietnamese_left(response.content.decode(), data):
            found[url] = left
    assert found == {}, "\n".join(f"{url}: {sorted({t[:60] for t in left})}" for url, left in found.items())


def test_the_check_sees_vietnamese_chrome_and_spares_data(tree):
    data = user_data()
    html = ('<h1>Dashboard</h1><p title="Xem chi tiết">Công đoàn phường Hồng Bàng</p>'
            '<script>const s = "Đạt";</script><button>Xem</button>')
    assert vietnamese_left(html, data) == ["Xem chi tiết"]
    assert vietnamese_left("<td>Đạt</td>", data) == ["Đạt"]
