"""Annotator: span annotation of articles, saved as valid TEI P5."""

__version__ = "1.1.0"
APP_NAME = "Annotator"
APP_ID = "org.annotator.Annotator"
