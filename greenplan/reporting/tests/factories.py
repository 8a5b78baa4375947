from greenplan.reporting.models import Indicator


def full_values(**overrides):
    """A value for every required indicator, consistent with every rule."""
    values = {ind.code: 0 for ind in Indicator.objects.filter(derived=False, required=True)}
    values.update({"MEMBERS": 120, "WORKERS": 150, "G7_PROCUREMENT_TOTAL": 100, "G7_PROCUREMENT_GREEN": 40})
    values.update(overrides)
    return values
