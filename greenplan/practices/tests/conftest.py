import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from greenplan.practices import services


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def in_period(monkeypatch, period):
    """Publication happens on 15/03/2026, inside the open period 2026H1."""
    moment = timezone.make_aware(datetime.datetime(2026, 3, 15, 9, 30))
    monkeypatch.setattr(services, "_now", lambda: moment)
    return period


def photo_bytes(kind: str = "JPEG", size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A real photo-sized picture, so Pillow has something to shrink."""
    out = io.BytesIO()
    Image.new("RGB", size, (40, 140, 60)).save(out, kind)
    return out.getvalue()
