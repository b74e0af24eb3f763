"""Several annotators on one corpus: agreement, curation, assignments and sync (no Qt)."""
