"""Suggestions: spans Annotator proposes to tag, learnt offline from the user's own
annotations, the entity register, shipped gazetteers and a CRF tagger (docs/suggestions.md).
Plain Python: no Qt, no XML."""
