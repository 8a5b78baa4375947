"""Rebuilding the demo (`load_demo --force`) deletes the stored files of the practices it removes."""

from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.demo.photos import practice_photo
from greenplan.demo.units import remove_demo
from greenplan.practices.models import PracticeFile
from greenplan.practices.services import THUMBNAIL_SIZE, practice_propose


def test_removing_the_demo_deletes_the_practice_photos(tree, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    photo, _thumb = practice_photo("Trồng cây xanh", 1, 1, THUMBNAIL_SIZE)
    practice_propose(actor=tree.users.reporter_a1, unit=tree.a1, group=1, title="Trồng cây xanh", done="Trồng 40 cây.",
                     files=[SimpleUploadedFile("anh.jpg", photo, content_type="image/jpeg")])
    stored = PracticeFile.objects.get()
    paths = [tmp_path / stored.file.name, tmp_path / stored.thumbnail.name]
    assert all(p.exists() for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        remove_demo()  # the small tree's root is HP, the demo's code
    assert not PracticeFile.objects.exists()
    assert not any(p.exists() for p in paths)
