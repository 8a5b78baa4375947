"""Text in code-point order — the order in which Python compares str — whatever collation the
database was created with (a PostgreSQL database in vi_VN or en_US would order "Trường" before
"phường" and ignore hyphens in codes), so rankings ordered in SQL match their Python rules."""

from typing import Any

from django.db.models.functions import Collate


def code_point_collation(vendor: str) -> str:
    """The COLLATE clause for raw SQL on a `connection.vendor`: PostgreSQL's "C" compares the
    UTF-8 bytes, as SQLite's BINARY does, which is code-point order."""
    return 'COLLATE "C"' if vendor == "postgresql" else "COLLATE BINARY"


class CodePoint(Collate):
    """An expression ordered by code point (`code_point_collation`) in a queryset."""

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, "C")

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return compiler.compile(self.get_source_expressions()[0])  # BINARY, SQLite's default
