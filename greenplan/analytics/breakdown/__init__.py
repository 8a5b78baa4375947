"""The breakdown by kind, sector and ownership (tables) and its page (/dashboard/<unit>/<period>/breakdown/)."""
