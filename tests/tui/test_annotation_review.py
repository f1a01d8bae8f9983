"""Reviewing moved and orphaned annotations: the order, the words, when the keys apply."""

from __future__ import annotations

from dataclasses import replace

from reader.annotation import AnchorStatus, Annotation, DocumentRef, new_annotation
from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.store.versions import VersionChange
from reader.tui.annotation_index import AnnotationIndex
from reader.tui.annotation_review import change_notice, key_state, next_to_review

REF = DocumentRef("doc-id", "fingerprint", "book.txt", "A Book")


def _document() -> Document:
    builder = DocumentBuilder("text")
    builder.heading("One", 1)
    for n in range(6):
        builder.paragraph(f"Paragraph {n} says something of its own about topic {n}.")
    return builder.build()


DOCUMENT = _document()


def _annotations() -> list[Annotation]:
    """Attached on 0, moved to 3, an orphan suggesting 5, an orphan with no suggestion."""
    kept = new_annotation(DOCUMENT, 0, REF, id="a")
    moved = replace(new_annotation(DOCUMENT, 3, REF, id="b"), status=AnchorStatus.MOVED)
    orphan = replace(
        new_annotation(DOCUMENT, 1, REF, id="c"),
        status=AnchorStatus.ORPHANED,
        suggestion=DOCUMENT.paragraphs[5].anchor,
    )
    lost = replace(new_annotation(DOCUMENT, 2, REF, id="d"), status=AnchorStatus.ORPHANED)
    return AnnotationIndex(DOCUMENT, [orphan, lost, kept, moved]).annotations  # list order


def test_r_goes_through_the_moved_and_orphaned_in_list_order_and_round_again() -> None:
    annotations = _annotations()
    seen: list[tuple[str, int | None, str]] = []
    after = None
    for _ in range(4):
        step = next_to_review(annotations, DOCUMENT, after)
        assert step is not None
        after = step.annotation.id
        seen.append((after, step.place, step.message.split(":")[0]))
    assert seen == [
        ("b", 3, "Moved (1 of 3)"),
        ("c", 5, "Orphaned (2 of 3)"),
        ("d", None, "Orphaned (3 of 3)"),
        ("b", 3, "Moved (1 of 3)"),
    ]
    assert next_to_review(annotations, DOCUMENT, "gone") is not None  # starts again
    assert next_to_review(annotations[:1], DOCUMENT, None) is None


def test_the_keys_apply_only_to_what_they_can_act_on() -> None:
    annotations = _annotations()
    kept, moved, orphan, lost = (next(a for a in annotations if a.id == i) for i in "abcd")

    def state(name: str, target: Annotation | None, *, in_pane: bool = False) -> bool | None:
        return key_state(name, annotations, target, DOCUMENT, in_pane=in_pane)

    assert state("review", None) is True
    assert key_state("review", [kept], None, DOCUMENT, in_pane=False) is False
    assert (state("accept", moved), state("accept", orphan)) == (True, True)
    assert state("accept", lost) is False  # no suggestion: hidden in the document
    assert state("accept", lost, in_pane=True) is None  # dimmed in the pane
    assert state("accept", kept, in_pane=True) is None
    assert state("attach_here", lost) is True
    assert (state("attach_here", None), state("attach_here", None, in_pane=True)) == (False, None)


def test_the_notice_of_a_new_version() -> None:
    assert change_notice(None) is None
    assert change_notice(VersionChange(0, (), ())) is None  # no annotations: nothing to say
    assert change_notice(VersionChange(4, (), ())) == (
        "Changed since you last read it. Your annotations: 4 attached, "
        "0 moved (worth a review), 0 orphaned.",
        "information",
    )
    message, severity = change_notice(VersionChange(1, ("b",), ("c", "d"))) or ("", "")
    assert message.endswith(
        "1 attached, 1 moved (worth a review), 2 orphaned. r reviews them in turn."
    )
    assert severity == "warning"
