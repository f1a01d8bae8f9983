"""The Markdown export: layout, options, and structure that hostile text cannot break."""

from __future__ import annotations

import dataclasses

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.annotation import AnchorStatus, Annotation, AnnotationKind
from reader.export import export_markdown
from reader.export.escaping import obsidian_tag, safe_note
from reader.export.markdown import BOOKMARKS_HEADING, MOVED_MARKER, ORPHANS_HEADING
from reader.model import Metadata
from reader.readers.builder import DocumentBuilder
from reader.sanitize import clean_line, clean_text
from tests.core.export.support import (
    EXPORTED_AT,
    MARKDOWN,
    annotate,
    collapsed,
    nested_document,
    orphan,
    parse_export,
)

DOC = nested_document()
TITLE = "Field Notes: *On* Reading # Slowly"


def _everything() -> list[Annotation]:
    return [
        annotate(DOC, 0, 1, note="A note before any section."),
        annotate(DOC, 2, 2, note="Stars and tags.", tags=("Close Reading", "craft/prose")),
        annotate(DOC, 3, 3, kind=AnnotationKind.HIGHLIGHT),
        annotate(DOC, 5, 4, note="It moved.", status=AnchorStatus.MOVED),
        annotate(DOC, 6, 5, kind=AnnotationKind.BOOKMARK, note="Come back here.", tags=("todo",)),
        orphan(DOC, 6, "A sentence that was cut.", note="Lost.", section_path=("Part One",)),
    ]


def test_sections_keep_their_nesting_and_only_annotated_ones_appear() -> None:
    parsed = parse_export(export_markdown(DOC, _everything(), exported_at=EXPORTED_AT))
    assert parsed.headings == [
        (1, TITLE),
        (2, "Part One"),
        (3, "Chapter 1.1"),
        (2, "Part Three"),
        (3, "Level 2"),
        (4, "Level 3"),
        (5, "Level 4"),
        (6, "Level 5"),
        (6, "Level 6"),
        (6, "Level 7"),
        (2, BOOKMARKS_HEADING),
        (2, ORPHANS_HEADING),
    ]


def test_every_quote_and_note_is_in_the_rendered_file() -> None:
    annotations = _everything()
    parsed = parse_export(export_markdown(DOC, annotations, exported_at=EXPORTED_AT))
    for annotation in annotations:
        paragraph = DOC.paragraph_by_anchor(annotation.anchor)
        quote = annotation.selector.quote if paragraph is None else paragraph.text
        assert collapsed(quote) in parsed.text
        assert collapsed(annotation.note) in parsed.text


def test_front_matter_describes_the_document() -> None:
    parsed = parse_export(export_markdown(DOC, _everything(), exported_at=EXPORTED_AT))
    assert parsed.front_matter == {
        "title": TITLE,
        "authors": ["Ann O'Neil", "Bo: Lee"],
        "date": "2024-01-02",
        "source": "https://example.org/notes?id=1",
        "topics": ["Reading", "Attention: span"],
        "tags": ["Close-Reading", "craft/prose", "todo"],
        "annotations": 6,
        "exported_at": "2024-06-01T09:30:00Z",
        "reader_document": "doc-0001",
    }


def test_each_annotation_is_quote_block_id_note_tags_in_that_order() -> None:
    text = export_markdown(DOC, _everything()[1:2], exported_at=EXPORTED_AT)
    body = text[text.index("### Chapter 1.1") :].rstrip("\n")
    assert body.split("\n\n")[1:5] == [
        "> Text with \\*stars\\*, \\<b\\>tags\\</b\\>, \\# a hash, "
        "\\[a link\\](x), \\`code\\` and \\$5.",
        "^r-00000002",
        "Stars and tags.",
        "#Close-Reading #craft/prose",
    ]


def test_code_paragraphs_are_fenced_inside_the_quote() -> None:
    text = export_markdown(DOC, [annotate(DOC, 3, 3)], exported_at=EXPORTED_AT)
    assert "> ```\n> def slow():\n>     return '---'\n>\n> # a comment\n> ```" in text
    assert parse_export(text).headings == [(1, TITLE), (2, "Part One"), (3, "Chapter 1.1")]


def test_the_lines_of_verse_stay_lines_in_the_quote() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("OPHELIA.\nGood my lord,\n*How* does your honour?", keep_lines=True)
    doc = builder.build()
    text = export_markdown(doc, [annotate(doc, 0, 1)], exported_at=EXPORTED_AT)
    assert "> OPHELIA.\\\n> Good my lord,\\\n> \\*How\\* does your honour?\n" in text
    html = MARKDOWN.render(text.split("\n---\n", 1)[1])
    assert "OPHELIA.<br />\nGood my lord,<br />\n*How* does your honour?" in html


def test_a_highlight_without_a_note_is_the_quote_alone() -> None:
    text = export_markdown(DOC, [annotate(DOC, 1, 1, kind=AnnotationKind.HIGHLIGHT)])
    tail = text[text.index("## Part One") :].strip().split("\n\n")
    assert tail == ["## Part One", "> The first paragraph of part one.", "^r-00000001"]


def test_moved_annotations_carry_the_marker_and_others_do_not() -> None:
    moved = export_markdown(DOC, [annotate(DOC, 1, 1, status=AnchorStatus.MOVED)])
    attached = export_markdown(DOC, [annotate(DOC, 1, 1)])
    assert MOVED_MARKER in moved
    assert MOVED_MARKER not in attached


def test_orphans_come_last_with_their_remembered_quote_and_location() -> None:
    text = export_markdown(DOC, _everything(), exported_at=EXPORTED_AT)
    orphans = text[text.index(f"## {ORPHANS_HEADING}") :]
    assert "*Was in: Part One*" in orphans
    assert "> A sentence that was cut." in orphans
    assert "Lost." in orphans


def test_no_orphans_leaves_them_out_and_tag_filters() -> None:
    annotations = _everything()
    without = export_markdown(DOC, annotations, include_orphans=False, exported_at=EXPORTED_AT)
    assert ORPHANS_HEADING not in without
    assert "A sentence that was cut." not in without
    tagged = parse_export(export_markdown(DOC, annotations, tag="craft", exported_at=EXPORTED_AT))
    assert tagged.front_matter["annotations"] == 1
    assert "Stars and tags." in tagged.text
    assert "It moved." not in tagged.text


def test_bookmarks_are_listed_under_their_own_heading() -> None:
    text = export_markdown(DOC, _everything(), exported_at=EXPORTED_AT)
    bookmarks = text[text.index(f"## {BOOKMARKS_HEADING}") : text.index(f"## {ORPHANS_HEADING}")]
    assert bookmarks.split("\n\n")[1].startswith("- *Part Three › Level 2")
    assert bookmarks.split("\n\n")[1].endswith("1\\. Not a list, just a number. ^r-00000005")
    assert "  Come back here." in bookmarks
    assert "  #todo" in bookmarks


def test_group_by_tag_makes_one_heading_per_first_tag() -> None:
    annotations = [
        annotate(DOC, 1, 1, note="one", tags=("beta", "alpha")),
        annotate(DOC, 2, 2, note="two", tags=("Alpha",)),
        annotate(DOC, 5, 3, note="three"),
    ]
    parsed = parse_export(export_markdown(DOC, annotations, group_by="tag"))
    assert parsed.headings == [(1, TITLE), (2, "Alpha"), (2, "beta"), (2, "Untagged")]
    text = export_markdown(DOC, annotations, group_by="tag")
    assert "*Part One › Chapter 1.1*" in text


def test_block_ids_are_stable_across_exports_and_additions() -> None:
    first = export_markdown(DOC, _everything()[:3])
    later = export_markdown(DOC, _everything())
    for block in ("^r-00000001", "^r-00000002", "^r-00000003"):
        assert block in first
        assert block in later


def test_the_same_input_gives_the_same_file() -> None:
    annotations = _everything()
    assert export_markdown(DOC, annotations, exported_at=EXPORTED_AT) == export_markdown(
        DOC, list(reversed(annotations)), exported_at=EXPORTED_AT
    )


def test_annotations_not_in_this_version_go_with_the_orphans() -> None:
    stale = dataclasses.replace(annotate(DOC, 1, 1, note="stale"), anchor="0123456789ab")
    text = export_markdown(DOC, [stale])
    assert text.index(f"## {ORPHANS_HEADING}") < text.index("stale")


# --- hostile text ------------------------------------------------------------------

HOSTILE = [
    "---",
    "# Heading?",
    "Title\n---",
    "===",
    "<script>alert(1)",
    "<!-- never closed",
    "```\nunclosed fence",
    "> # quoted heading",
    "- # heading in a list",
    "* * *",
    "text ^r-00000001",
    "[[Wiki link]] and #tag and $math$ and ==mark== and %%hidden%%",
    "\x1b[31mred\x1b[0m and \x07 bell",
    "../../etc/passwd",
    "line one\r\nline two\u2028line three",
]


def _hostile_document(title: str):  # type: ignore[no-untyped-def]
    builder = DocumentBuilder("text", Metadata(title=title, authors=[title]))
    builder.heading(title, 1)
    for text in HOSTILE:
        builder.paragraph(text)
    return builder.build()


def _check_structure(title: str, notes: list[str], tags: list[str]) -> None:
    doc = _hostile_document(title)
    annotations = [
        annotate(doc, i % len(doc.paragraphs), i + 1, note=note, tags=tuple(tags))
        for i, note in enumerate(notes)
    ]
    text = export_markdown(doc, annotations, exported_at=EXPORTED_AT)
    parsed = parse_export(text)
    shown_title = clean_line(title) or "(untitled section)"
    assert parsed.headings[0] == (1, collapsed(doc.title) or "(untitled section)")
    assert parsed.headings[1:] == [(2, shown_title)]
    assert parsed.front_matter["title"] == clean_line(doc.title)
    assert parsed.front_matter["annotations"] == len(annotations)
    for annotation in annotations:
        paragraph = doc.paragraph_by_anchor(annotation.anchor)
        assert paragraph is not None
        quote = paragraph.text
        assert collapsed(quote) in parsed.text
        assert safe_note(annotation.note) in text
    shown: dict[str, str] = {}  # tags the same but for case are one, shown as first typed
    for tag in tags:
        shown.setdefault(obsidian_tag(tag).casefold(), obsidian_tag(tag))
    for tag in shown.values():
        if tag:
            assert f"#{tag}" in text


def test_hostile_titles_notes_and_tags_keep_the_structure() -> None:
    for text in HOSTILE:
        _check_structure(text, HOSTILE, [text, "a b/c d", "2024"])


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(max_size=40),
    notes=st.lists(st.text(max_size=80), min_size=1, max_size=4),
    tags=st.lists(st.text(max_size=12), max_size=3),
)
@example(title="", notes=[""], tags=["X", "x"])
@example(title="", notes=[""], tags=["x", "X\x1b"])
def test_any_title_notes_and_tags_keep_the_structure(
    title: str, notes: list[str], tags: list[str]
) -> None:
    _check_structure(title, [clean_text(n) for n in notes], tags)
