"""The audit log page (/audit/): the log itself is greenplan.audit, at the bottom floor."""
