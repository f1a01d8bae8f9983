"""Keeping a record's passage on its paragraph when the paragraph is placed again.

The re-anchoring places paragraphs; this moves a record's passage along with its
paragraph (:func:`reader.reanchor.passages.follow_passage`), on the stored JSON
record, for the two places that place records: attaching an edited document and
importing annotations.
"""

from __future__ import annotations

from typing import Any

from reader.annotation import passage_from_json

__all__ = ["follow_record_passage"]


def follow_record_passage(row: dict[str, Any], text: str) -> None:
    """Move ``row``'s passage (or lost passage) onto its paragraph, whose text is ``text``.

    A record without either is left alone at the cost of two lookups. A passage
    whose words are gone becomes ``lost_passage`` (``passage`` ``null``: the whole
    paragraph), and a lost passage whose words are back becomes the passage again.
    """
    passage, lost = row.get("passage"), row.get("lost_passage")
    if passage is None and lost is None:
        return
    from reader.reanchor.passages import follow_passage

    found, gone = follow_passage(passage_from_json(passage), passage_from_json(lost), text)
    row["passage"] = None if found is None else found.as_json()
    row["lost_passage"] = None if gone is None else gone.as_json()
