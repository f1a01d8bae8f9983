"""What ``y`` copies: the words, then a line that says where they come from (no Textual).

The citation names the document, the section and the paragraph as ``reader
notes`` numbers it (``¶3``, counted from 0 as ``--paragraph`` counts), so a
quote pasted elsewhere leads back to its place.
"""

from __future__ import annotations

from reader.annotation import paragraph_label
from reader.model import Document

__all__ = ["citation", "quotation"]


def citation(document: Document, index: int) -> str:
    """Where paragraph ``index`` of ``document`` is: title, section, paragraph number."""
    paragraph = document.paragraphs[index]
    parts = [document.title]
    path = document.section_path(paragraph.section)
    if path and path[-1] != document.title:
        parts.append(path[-1])
    parts.append(paragraph_label(index))
    return ", ".join(part for part in parts if part)


def quotation(document: Document, index: int, span: tuple[int, int] | None = None) -> str:
    """The text to copy: the passage ``span`` of paragraph ``index`` (else all of it), cited.

    Args:
        document: The document.
        index: The paragraph.
        span: ``(start, end)`` offsets in its text; ``None`` for the whole paragraph.
    """
    text = document.paragraphs[index].text
    if span is not None:
        text = text[span[0] : span[1]]
    return f"{text.strip()}\n— {citation(document, index)}"
