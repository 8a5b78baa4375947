"""What the tests share; never imported by product code.

personas   the small tree HP → HP-A/HP-B → grassroots units and its users (`tree`, `make_user`)
fixtures   periods, plans, report scenarios, bearer headers, the stored-totals check
demo       the demo province, loaded once per class of tests
factories  report values, submitted reports, activity data, account-import sheets
downloads  reading CSV/XLSX responses
files      small real files for upload tests
browser    Chromium fixtures for the browser tests

The top-level conftest.py registers the fixture modules (pytest_plugins).
"""
