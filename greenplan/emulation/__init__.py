"""Emulation movements: scoring sheets, self-scores, verification, ranking, commendation."""
