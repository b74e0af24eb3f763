"""File formats other than TEI: plain text in, tables out."""
