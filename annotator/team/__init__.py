"""A team's work on one corpus: assignments, agreement, curation, sync (docs/team.md)."""
