"""Team work on a corpus: several annotators, agreement, curation and sync (issue 23)."""
