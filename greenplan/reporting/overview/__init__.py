"""The superior's overview of the subordinates' reports (/overview/, URL namespace "overview")."""
