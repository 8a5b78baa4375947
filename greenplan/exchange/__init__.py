"""Excel round-trip: report templates per unit and period, and imports of filled templates."""
