import datetime
from typing import Annotated, Any

from ninja import Field, Path, Schema
from pydantic import ConfigDict

from greenplan.accounts.models import User
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.plans.models import ITEM_CODE_PATTERN


# Path parameters. The patterns tell clients what a code looks like; a code that does not match
# is simply one that does not exist, and answers 404 like any unknown code (the API contract).
# Codes are case-insensitive.
def _code(description: str, pattern: str) -> Any:
    param = Path(description=description)
    param.json_schema_extra["pattern"] = pattern
    return param


UnitCode = Annotated[str, _code("Unit code, case-insensitive (e.g. `HP-A-01`).", r"^[A-Za-z0-9._-]{1,40}$")]
HalfYear = Annotated[str, _code("Half-year period code (e.g. `2025H1`).", r"^[0-9]{4}[Hh][12]$")]
PERIOD_OR_YEAR_PATTERN = r"^[0-9]{4}([Hh][12])?$"
HalfYearOrYear = Annotated[str, _code("A half-year (`2025H1`) or a whole year (`2025`).", PERIOD_OR_YEAR_PATTERN)]
ItemCode = Annotated[
    str, _code("Item code within the plan (e.g. `7.3` or `7.3.a`), 20 characters at most.", ITEM_CODE_PATTERN)
]


# Printable text: a NUL cannot even be compared by PostgreSQL, no username holds a control character.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class In(Schema):
    """A request body: a field the endpoint does not know is refused (422), never silently ignored —
    a client that sends `unit` or `status` must learn that it changes nothing."""

    model_config = ConfigDict(extra="forbid")


class Credentials(In):
    username: str = Field(min_length=1, max_length=User._meta.get_field("username").max_length, pattern=PRINTABLE)
    password: str = Field(min_length=1, max_length=4096)


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


class RoleOut(Schema):
    unit: str
    role: str


class MeOut(Schema):
    username: str
    roles: list[RoleOut]
    full_name: str


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    members: int
    workers: int
    kind_name: str
    sector: str | None
    ownership: str | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    active: bool

    @classmethod
    def of(cls, unit: Unit, parent: str | None) -> "UnitOut":
        """`parent` is passed in so a list of siblings costs no query per unit."""
        return cls(
            code=unit.code,
            name=unit.name,
            kind=unit.kind.code,
            parent=parent,
            members=unit.members,
            workers=unit.workers,
            kind_name=localized(unit.kind),
            sector=unit.sector.code if unit.sector else None,
            ownership=unit.ownership or None,
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
            active=unit.is_active,
        )
