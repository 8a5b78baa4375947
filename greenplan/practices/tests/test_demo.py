"""The demo province ships a library written like union reports."""

import re

from django.urls import reverse

from greenplan.practices.models import Practice
from greenplan.practices.selectors import Filters, published_practices


class TestTheDemoLibrary:
    def test_at_least_twenty_published_practices_with_figures(self, demo_province_with_reports, db):
        assert "mô hình hay đã giới thiệu" in demo_province_with_reports
        published = list(Practice.objects.filter(status=Practice.Status.PUBLISHED).select_related("unit__kind"))
        assert len(published) >= 20
        assert len({p.unit_id for p in published}) >= 18  # many units, not one unit's list
        assert all(p.unit.kind.is_grassroots and re.search(r"\d", p.done + p.results) for p in published)
        assert {p.group for p in published} >= {1, 2, 3, 4, 5, 6, 7, 8}
        # published within the demo's reporting periods, so each counts in a half-year
        assert sum(p.published_period is not None for p in published) >= 18
        assert Practice.objects.exclude(status=Practice.Status.PUBLISHED).count() == 2

    def test_a_search_without_diacritics_finds_the_demo_practice(self, demo_province_with_reports, db):
        found = [p.title for p in published_practices(Filters(q="tiet kiem dien"))]
        assert found, "no demo practice about saving electricity"

    def test_a_demo_account_reads_the_library(self, demo_province_with_reports, client, db):
        from greenplan.accounts.models import User

        client.force_login(User.objects.get(username="hp-kcn-0001"))
        page = client.get(reverse("practices:library"), {"q": "nha tro"}).content.decode()
        assert "khu nhà trọ công nhân" in page
