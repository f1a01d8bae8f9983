"""The palette's search of notes: literal matches first, fuzzy after, each naming its document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandList

from reader.annotation import DocumentRef
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.note_search import (
    FUZZY_CEILING,
    Match,
    Tier,
    document_labels,
    literal_match,
    score,
)
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name


def test_tiers() -> None:
    text = "Remember the pivot to Asia; pivotal years"
    assert literal_match("pivot", text) == Match(Tier.WHOLE_WORDS, 13)
    assert literal_match("PIVOT to", text) == Match(Tier.WHOLE_WORDS, 13)
    assert literal_match("ivo", text) == Match(Tier.SUBSTRING, 14)
    assert literal_match("asia remember", text) == Match(Tier.ALL_WORDS, 0)
    assert literal_match("asia moon", text) is None
    assert literal_match("   ", text) is None


def test_every_literal_match_outranks_every_fuzzy_one() -> None:
    fuzzy = score(None, 10**9)
    assert fuzzy < FUZZY_CEILING
    ranked = [
        score(Match(Tier.WHOLE_WORDS, 5000), 0),
        score(Match(Tier.WHOLE_WORDS, 3), 0),
        score(Match(Tier.SUBSTRING, 0), 0),
        score(Match(Tier.ALL_WORDS, 0), 0),
        fuzzy,
    ]
    assert sorted(ranked) == sorted(ranked, reverse=True)[::-1]
    assert ranked[1] > ranked[0] > ranked[2] > ranked[3] > ranked[4]


@given(st.text(min_size=1), st.text(), st.text())
def test_a_query_found_in_the_text_is_a_literal_match(query: str, before: str, after: str) -> None:
    words = query.split()
    if not words:
        return
    found = literal_match(query, before + " " + " ".join(words) + " " + after)
    assert found is not None
    assert found.tier >= Tier.SUBSTRING


def test_same_titles_are_told_apart_by_file_name_then_path() -> None:
    refs = [
        DocumentRef("1", "f1", "/books/a/walden.txt", "Walden"),
        DocumentRef("2", "f2", "/books/b/walden.epub", "Walden"),
        DocumentRef("3", "f3", "/books/essays.md", "Essays"),
        DocumentRef("4", "f4", "/x/notes.md", "Notes"),
        DocumentRef("5", "f5", "/y/notes.md", "Notes"),
    ]
    assert document_labels(refs) == {
        "1": "Walden (walden.txt)",
        "2": "Walden (walden.epub)",
        "3": "Essays",
        "4": "Notes (/x/notes.md)",
        "5": "Notes (/y/notes.md)",
    }


async def test_the_palette_puts_notes_holding_the_words_first_and_names_documents(
    make_app: AppFactory, tmp_path: Path, store: AnnotationStore
) -> None:
    first = tmp_path / "first.md"
    second = tmp_path / "second.md"
    for path in (first, second):
        path.write_text(
            f"# Reading list\n\nAn opening line of {path.stem}.\n\nA second line.\n",
            encoding="utf-8",
        )
    fuzzy_only = store.add(load_document(first), 0, note="a sign in a pivot table")
    literal = store.add(load_document(second), 1, note="remember the pivot to Asia")
    app = make_app(first)
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("ctrl+p", *"asia pivot")  # the words, in another order

        def prompts() -> list[str]:
            found = app.screen.query(CommandList)
            if not found:
                return []
            hits = found.first()
            return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]

        await wait_until(pilot, lambda: len([p for p in prompts() if "Note:" in p]) == 2)
        notes = [p for p in prompts() if "Note:" in p]
        assert literal.note in notes[0]
        assert "in Reading list (second.md)" in notes[0]
        assert fuzzy_only.note in notes[1]
        assert "in Reading list (first.md)" in notes[1]
