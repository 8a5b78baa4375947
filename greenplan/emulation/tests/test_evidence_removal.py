"""A unit removes a file or a link from its self-score's evidence until the superior locks it;
never another unit's, never after the lock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.activities.services import activity_record
from greenplan.emulation import services
from greenplan.emulation.models import EvidenceFile, EvidenceLink
from greenplan.testing.files import pdf_bytes, upload


@pytest.fixture
def entry(sheet, tree):
    return services.entry_register(actor=tree.users.reporter_a1, sheet=sheet, unit=tree.a1)


def _attach(entry, tree, name="bien-ban.pdf"):
    [stored] = services.evidence_attach(actor=tree.users.reporter_a1, entry=entry, criterion="1.1",
                                        files=[upload(name, pdf_bytes(), "application/pdf")])
    return stored


def _link(entry, tree):
    own = activity_record(actor=tree.users.reporter_a1, unit=tree.a1, kind="tree_planting", title="Trồng cây",
                          start_on=datetime.date(2025, 3, 1))
    return services.evidence_link(actor=tree.users.reporter_a1, entry=entry, criterion="1.1", activity=own)


def test_a_unit_removes_a_file_and_the_stored_file_goes(entry, tree, media, django_capture_on_commit_callbacks):
    stored = _attach(entry, tree)
    kept = _attach(entry, tree, "anh-2.pdf")
    path = media / stored.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        removed = services.evidence_remove(actor=tree.users.reporter_a1, entry=entry, file_id=stored.pk)
    assert removed == "bien-ban.pdf"
    assert list(EvidenceFile.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not path.exists() and (media / kept.file.name).exists()


def test_a_unit_removes_a_link(entry, tree):
    link = _link(entry, tree)
    services.evidence_remove(actor=tree.users.reporter_a1, entry=entry, link_id=link.pk)
    assert not EvidenceLink.objects.exists()


def test_another_unit_cannot_remove_it(entry, tree):
    stored = _attach(entry, tree)
    with pytest.raises(PermissionDenied):
        services.evidence_remove(actor=tree.users.reporter_a2, entry=entry, file_id=stored.pk)
    other = services.entry_register(actor=tree.users.reporter_a2, sheet=entry.sheet, unit=tree.a2)
    with pytest.raises(ValidationError, match="Không tìm thấy minh chứng"):  # not through its own entry either
        services.evidence_remove(actor=tree.users.reporter_a2, entry=other, file_id=stored.pk)
    assert EvidenceFile.objects.filter(pk=stored.pk).exists()


def test_a_locked_score_keeps_its_evidence(entry, tree):
    stored, link = _attach(entry, tree), _link(entry, tree)
    services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.1": 40, "1.2": 30, "2.1": 30},
                              conditions={"DK1": "1"})
    services.entry_submit(actor=tree.users.reporter_a1, entry=entry)
    services.entry_confirm(actor=tree.users.approver_a, entry=entry)
    for kw in ({"file_id": stored.pk}, {"link_id": link.pk}):
        with pytest.raises(ValidationError, match="khóa"):
            services.evidence_remove(actor=tree.users.reporter_a1, entry=entry, **kw)
    assert EvidenceFile.objects.count() == 1 and EvidenceLink.objects.count() == 1


def test_the_page_offers_and_does_the_removal(client, entry, tree, sheet):
    stored = _attach(entry, tree)
    base = f"/emulation/{sheet.movement.code}/{sheet.year}/units/HP-A-01/"
    client.force_login(tree.users.reporter_a1)
    assert f'data-testid="unfile-{stored.pk}"' in client.get(base).content.decode()
    response = client.post(base + "unlink/", {"file": str(stored.pk)}, follow=True)
    assert "Đã gỡ minh chứng." in response.content.decode()
    assert not EvidenceFile.objects.exists()
    response = client.post(base + "unlink/", {"file": str(stored.pk)}, follow=True)
    assert "Không tìm thấy minh chứng" in response.content.decode()


def test_the_page_refuses_another_unit(client, entry, tree, sheet):
    stored = _attach(entry, tree)
    client.force_login(tree.users.reporter_a2)
    response = client.post(f"/emulation/{sheet.movement.code}/{sheet.year}/units/HP-A-01/unlink/",
                           {"file": str(stored.pk)})
    assert response.status_code == 403
    assert EvidenceFile.objects.filter(pk=stored.pk).exists()


def test_an_evidence_file_too_large_is_refused_and_nothing_is_stored(entry, tree, media, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError) as caught:
        services.evidence_attach(actor=tree.users.reporter_a1, entry=entry, criterion="1.1",
                                 files=[upload("bien-ban.pdf", pdf_bytes() + b"0" * 200, "application/pdf")])
    assert "quá lớn" in caught.value.message_dict["files"][0]
    assert not EvidenceFile.objects.exists() and not any(media.rglob("*.pdf"))
