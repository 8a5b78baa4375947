import re

import pytest

CDN = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.mark.django_db
def test_openapi_lists_the_paths(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["info"]["version"] == "1"
    assert {"/api/v1/auth/token", "/api/v1/me", "/api/v1/units/{code}", "/api/v1/units/{code}/children"} <= set(
        schema["paths"]
    )


@pytest.mark.django_db
def test_docs_work_offline(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger-ui" in html
    assert not CDN.search(html), "the docs page must not load anything from another host"
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert len(assets) == 4
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)


@pytest.mark.django_db
def test_docs_serve_only_the_swagger_files(client):
    assert client.get("/api/v1/docs/assets/..%2F..%2F__init__.py").status_code == 404
    assert client.get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404
