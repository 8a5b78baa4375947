"""Refusals of the plan services.

Field problems are plain Django ValidationErrors (the API answers 422). PlanStateError is a
ValidationError too, for a plan whose state forbids the act — issued, superseded, already
there — which the API answers with 409, like a report that is already submitted.
"""

from django.core.exceptions import ValidationError


class PlanStateError(ValidationError):
    """The plan's state does not allow this act (409 in the API)."""
