"""A plan's signed PDF is checked by its bytes and served back as a sandboxed download."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from greenplan.plans.models import Plan
from greenplan.plans.services import plan_attach_signed, plan_issue
from greenplan.testing.files import HTML, HTML_POLYGLOT, assert_served_as_attachment, pdf_bytes, png_bytes, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def issued(tree, province_plan):
    return plan_issue(actor=tree.users.admin, plan=province_plan, number="12", symbol="KH-LĐLĐ",
                      issued_on=datetime.date(2023, 11, 15), signer="Lương Xuân Trường")


@pytest.mark.parametrize("content", [png_bytes(), HTML, HTML_POLYGLOT], ids=["png", "html", "pdf-html-polyglot"])
def test_it_refuses_what_is_not_a_pdf_naming_the_file(tree, issued, content):
    with pytest.raises(ValidationError) as refused:
        plan_attach_signed(actor=tree.users.admin, plan=issued, signed_pdf=upload("ke-hoach-ky.pdf", content))
    assert "ke-hoach-ky.pdf" in refused.value.message_dict["signed_pdf"][0]
    assert not Plan.objects.get(pk=issued.pk).signed_pdf


def test_issuing_with_a_fake_pdf_is_refused(tree, province_plan):
    with pytest.raises(ValidationError) as refused:
        plan_issue(actor=tree.users.admin, plan=province_plan, number="12", issued_on="15/11/2023", signer="A",
                   signed_pdf=upload("ky.pdf", png_bytes()))
    assert "ky.pdf" in refused.value.message_dict["signed_pdf"][0]
    assert Plan.objects.get(pk=province_plan.pk).status == Plan.Status.DRAFT


def test_the_signed_pdf_is_a_sandboxed_download(client, tree, issued):
    plan_attach_signed(actor=tree.users.admin, plan=issued, signed_pdf=upload("Kế hoạch ký.pdf", pdf_bytes()))
    client.force_login(tree.users.reporter_a1)
    response = client.get(reverse("plans:signed_pdf", args=["HP", 1]))
    stored = Plan.objects.get(pk=issued.pk).signed_pdf.name.rsplit("/", 1)[-1]
    assert_served_as_attachment(response, stored, "application/pdf")


def test_a_file_stored_before_the_checks_is_served_as_opaque_bytes(client, tree, issued):
    plan = Plan.objects.get(pk=issued.pk)
    plan.signed_pdf.save("cu.pdf", ContentFile(HTML), save=True)
    client.force_login(tree.users.admin)
    response = client.get(reverse("plans:signed_pdf", args=["HP", 1]))
    assert_served_as_attachment(response, plan.signed_pdf.name.rsplit("/", 1)[-1], "application/octet-stream")
