from greenplan.plans.tests.conftest import province_plan  # noqa: F401  (fixture reused)
