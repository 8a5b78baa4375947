"""The demo province and the synthetic national tree: loaders on the top floor (docs/architecture.md).

They create units, accounts, plans, activities and reports through every app below, so no
domain app knows them. Commands: `manage.py load_demo`, `manage.py generate_org`.
"""
