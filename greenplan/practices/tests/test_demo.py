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

    def test_every_published_practice_has_a_photo_and_its_thumbnail(self, demo_province_with_reports, client, db):
        import io

        from PIL import Image

        from greenplan.accounts.models import User
        from greenplan.practices.models import PracticeFile

        published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
        photos = list(PracticeFile.objects.filter(practice__in=published).select_related("practice"))
        assert len(photos) == published.count() and all(p.is_photo for p in photos)
        assert all(20_000 < p.size < 80_000 for p in photos)  # small, yet a real picture
        client.force_login(User.objects.get(username="admin"))
        first = photos[0]
        response = client.get(reverse("practices:thumbnail", args=[first.practice_id, first.pk]))
        assert response.status_code == 200
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as thumb:
            assert thumb.format == "JPEG" and thumb.size == (480, 360)
        with first.file.open("rb") as stored, Image.open(stored) as photo:
            assert photo.size == (800, 600)
