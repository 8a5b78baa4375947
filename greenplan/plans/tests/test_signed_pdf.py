"""The signed document of an issued plan: attached later, only as a PDF, only by the unit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenplan.plans.errors import PlanStateError
from greenplan.plans.models import Plan, PlanEvent
from greenplan.plans.services import plan_attach_signed, plan_issue, plan_revise

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="ke-hoach-ky.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def issued(tree, province_plan):
    return plan_issue(actor=tree.users.admin, plan=province_plan, number="12", symbol="KH-LĐLĐ",
                      issued_on=datetime.date(2023, 11, 15), signer="Lương Xuân Trường")


def test_attach_after_issue_and_replace(tree, issued):
    plan = plan_attach_signed(actor=tree.users.admin, plan=issued, signed_pdf=pdf())
    first = plan.signed_pdf.name
    assert first.endswith(".pdf") and plan.signed_pdf.read() == PDF
    plan = plan_attach_signed(actor=tree.users.admin, plan=plan, signed_pdf=pdf("ban-ky-2.pdf"))
    assert plan.signed_pdf.name != first
    event = PlanEvent.objects.filter(plan=plan).order_by("-id").first()
    assert event.changes[0]["field"] == "signed_pdf" and event.changes[0]["old"] == first


@pytest.mark.parametrize(("file", "message"), [
    (pdf("scan.docx"), "scan.docx: chỉ nhận PDF"),
    (pdf("gia.pdf", b"GIF89a not a pdf"), "gia.pdf không đúng là tệp PDF"),
])
def test_refused_files_save_nothing(tree, issued, file, message):
    with pytest.raises(ValidationError) as exc:
        plan_attach_signed(actor=tree.users.admin, plan=issued, signed_pdf=file)
    assert message in exc.value.message_dict["signed_pdf"][0]
    assert not Plan.objects.get(pk=issued.pk).signed_pdf


def test_a_draft_or_an_old_revision_takes_no_signature(tree, province_plan):
    with pytest.raises(PlanStateError):
        plan_attach_signed(actor=tree.users.admin, plan=province_plan, signed_pdf=pdf())
    plan_issue(actor=tree.users.admin, plan=province_plan, number="12", issued_on="15/11/2023", signer="A")
    plan_revise(actor=tree.users.admin, plan=province_plan)
    with pytest.raises(PlanStateError):
        plan_attach_signed(actor=tree.users.admin, plan=Plan.objects.get(pk=province_plan.pk), signed_pdf=pdf())


def test_another_unit_cannot_attach(tree, issued):
    with pytest.raises(PermissionDenied):
        plan_attach_signed(actor=tree.users.approver_a, plan=issued, signed_pdf=pdf())
    assert not Plan.objects.get(pk=issued.pk).signed_pdf


def test_the_page_attaches_and_offers_the_download(client, tree, issued):
    client.force_login(tree.users.admin)
    page = client.get(reverse("plans:plan", args=["HP"])).content.decode()
    assert 'data-testid="attach-signed"' in page and 'data-testid="signed-pdf"' not in page
    response = client.post(reverse("plans:attach_signed", args=["HP"]), {"signed_pdf": pdf()})
    assert response.status_code == 302
    page = client.get(reverse("plans:plan", args=["HP"])).content.decode()
    assert 'data-testid="signed-pdf"' in page
    download = client.get(reverse("plans:signed_pdf", args=["HP", 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_the_page_shows_the_refusal(client, tree, issued):
    client.force_login(tree.users.admin)
    response = client.post(reverse("plans:attach_signed", args=["HP"]), {"signed_pdf": pdf("a.txt", b"x")})
    assert response.status_code == 422 and "a.txt: chỉ nhận PDF" in response.content.decode()


def test_a_viewer_gets_403(client, tree, issued):
    client.force_login(tree.users.viewer_b)
    assert client.post(reverse("plans:attach_signed", args=["HP"]), {"signed_pdf": pdf()}).status_code == 403


def test_api_attaches_and_refuses(client, tree, issued, bearer):  # noqa: F811
    url = "/api/v1/plans/HP/signed-pdf"
    done = client.post(url, {"file": pdf()}, headers=bearer(tree.users.admin))
    assert done.status_code == 200 and done.json()["signed_pdf"] is True
    bad = client.post(url, {"file": pdf("x.pdf", b"nope")}, headers=bearer(tree.users.admin))
    assert bad.status_code == 422 and "PDF" in bad.json()["detail"]
    assert client.post(url, {"file": pdf()}, headers=bearer(tree.users.approver_a)).status_code == 403


def test_api_refuses_a_draft_with_409(client, tree, province_plan, bearer):  # noqa: F811
    response = client.post("/api/v1/plans/HP/signed-pdf", {"file": pdf()}, headers=bearer(tree.users.admin))
    assert response.status_code == 409 and "ban hành" in response.json()["detail"]
    assert not Plan.objects.get(pk=province_plan.pk).signed_pdf
