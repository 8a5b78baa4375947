"""Content-Security-Policy and Permissions-Policy on every page, and templates that need no inline code."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "greenplan").glob("*/templates"))]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/reports/", "/does-not-exist/"])
def test_every_page_carries_a_strict_content_security_policy(client, tree, path):
    if path != "/accounts/login/":
        client.force_login(tree.users.admin)
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)


def test_the_api_docs_page_keeps_the_strict_policy(client):
    policy = directives(client.get("/api/v1/docs"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/me"])
def test_pages_and_the_api_refuse_camera_microphone_geolocation_payment_and_usb(client, db, path):
    header = client.get(path)["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi"):
        assert features[feature] == "()", feature


INLINE = [
    (re.compile(r"""\sstyle\s*=\s*["']""", re.I), "style attribute"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I), "event handler attribute"),
    (re.compile(r"""\shx-on[:-]""", re.I), "hx-on handler (evaluated code)"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"""<script(?![^>]*\ssrc=)(?![^>]*type=["']application/json)[^>]*>""", re.I), "inline <script>"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern, what in INLINE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_htmx_is_told_not_to_inject_its_indicator_style(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<meta name="htmx-config"' in html
    assert '"includeIndicatorStyles": false' in html
