"""The model: plain Python, no Qt and no XML.

Offsets are Unicode code points into ``Document.text``.
"""

from annotator.model.annotation import Annotation, Annotator, Revision
from annotator.model.attributes import KINDS, AttributeDef
from annotator.model.document import Document, Fragment, Metadata, Paragraph, split_paragraphs
from annotator.model.edits import Edit
from annotator.model.entities import ENTITY_KINDS, SCHEMES, Entity
from annotator.model.session import AnnotatedDocument
from annotator.model.span_index import SpanIndex
from annotator.model.store import AnnotationStore, StoreChange
from annotator.model.tagset import Tag, Tagset, default_tagset

__all__ = [
    "ENTITY_KINDS",
    "KINDS",
    "SCHEMES",
    "AnnotatedDocument",
    "Annotation",
    "AnnotationStore",
    "Annotator",
    "AttributeDef",
    "Document",
    "Edit",
    "Entity",
    "Fragment",
    "Metadata",
    "Paragraph",
    "Revision",
    "SpanIndex",
    "StoreChange",
    "Tag",
    "Tagset",
    "default_tagset",
    "split_paragraphs",
]
