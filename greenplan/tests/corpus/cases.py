"""The corpus as data: what is sent, by whom, and what must come back. Nothing here runs."""

import json
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
MULTIPART = "multipart/form-data"

REPORT = "/api/v1/reports/HP-A-01/2026H1"
SUBMITTED = "/api/v1/reports/HP-A-02/2026H1"
APPROVED = "/api/v1/reports/HP-B-01/2026H1"
ITEMS = "/api/v1/plans/HP-A-01/items"
ITEM = "/api/v1/plans/HP-A-01/items/1.1"
ISSUED_ITEM = "/api/v1/plans/HP-A/items/1.1"
TOKEN = "/api/v1/auth/token"


@dataclass(frozen=True)
class ApiCase:
    """One request to the API. `body`: a dict or list is sent as JSON, str or bytes as they are
    (raw JSON text, so "\\ud800" reaches the parser as an escape); `files` makes it multipart."""

    name: str
    persona: str
    method: str
    path: str
    body: Any = None
    status: int = 422
    content_type: str | None = JSON
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    says: str = ""  # a piece of the Vietnamese message

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        if self.body is None:
            return b""
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class FormCase:
    """One post of a page's form, by a signed-in persona ("anon" for nobody). `follow`: the form
    answers with a redirect to a page that shows the message; `htmx`: sent in place."""

    name: str
    persona: str
    path: str
    data: dict[str, Any]
    status: int
    says: str
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    follow: bool = False
    htmx: bool = False


def values(body: str, version: int = 1) -> str:
    """A PUT body with raw JSON for the values, so numbers reach the parser exactly as written."""
    return '{"version": %d, "values": %s}' % (version, body)  # noqa: UP031


def narrative(text: str) -> str:
    return '{"version": 1, "narrative": {"results": %s}}' % text  # noqa: UP031
