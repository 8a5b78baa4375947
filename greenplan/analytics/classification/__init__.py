"""The classification of units: scores (reads of the stored totals) and its settings screens
(under /settings/classification/, URL namespace "classification")."""
