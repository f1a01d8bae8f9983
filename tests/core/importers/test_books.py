"""Matching an imported book to a document: title, authors, quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotation import AnnotationKind
from reader.importers.books import (
    SURE_TITLE,
    TITLE_THRESHOLD,
    Candidate,
    DocumentFinder,
    title_score,
)
from reader.importers.items import ImportedBook, ImportedItem, stable_id
from reader.model import Document
from reader.readers import load_document
from tests.core.importers.samples import ESSAY


@pytest.mark.parametrize(
    ("title", "other", "expected"),
    [
        ("Pride and Prejudice", "Jane Austen - Pride and Prejudice", "sure"),
        ("Pride and Prejudice", "austen_pride-and-prejudice", "sure"),
        ("Deep Work: Rules for Focused Success in a Distracted World", "deep-work", "sure"),
        ("The Art of War", "Art of War, The", "sure"),
        ("The Art of War", "Art of War", "sure"),
        ("The Harbour", "harbour", "sure"),
        ("Der Prozess", "prozess", "sure"),
        ("The Lighthouse Keeper", "The Lighthouse Keeper's Wife", "checked"),
        ("The Lighthouse Keepers", "The Lighthouse Keepers Wife", "checked"),
        ("War", "The Art of War", "unlike"),
        ("The", "Theory", "unlike"),
        ("Deep Work", "Shallow Work", "unlike"),
        ("", "Anything", "unlike"),
    ],
)
def test_title_score(title: str, other: str, expected: str) -> None:
    """A sure title is enough alone; a checked one needs the book's quotes in the document."""
    score = title_score(title, other, ("Austen, Jane",))
    found = "sure" if score >= SURE_TITLE else "checked" if score >= TITLE_THRESHOLD else "unlike"
    assert found == expected


def _book(title: str, *quotes: str, authors: tuple[str, ...] = ()) -> ImportedBook:
    book = ImportedBook(title, authors)
    for quote in quotes:
        book.add(ImportedItem(stable_id("test", quote), AnnotationKind.HIGHLIGHT, quote))
    return book


@pytest.fixture
def library(tmp_path: Path) -> list[Candidate]:
    (tmp_path / "lighthouse-keeper.md").write_text(ESSAY)
    (tmp_path / "The Lighthouse Keepers Wife.md").write_text(
        "# The Lighthouse Keeper's Wife\n\nBy Someone Else\n\nShe never climbed the stairs.\n"
    )
    (tmp_path / "unrelated.md").write_text("# Cooking\n\nBoil the water first.\n")
    return [Candidate(p, (p.stem,)) for p in sorted(tmp_path.iterdir())]


def _finder(library: list[Candidate]) -> tuple[DocumentFinder, list[Path]]:
    loaded: list[Path] = []

    def load(path: Path) -> Document:
        loaded.append(path)
        return load_document(path)

    return DocumentFinder(library, load), loaded


def test_the_quotes_choose_between_similar_titles(library: list[Candidate]) -> None:
    finder, _ = _finder(library)
    found = finder.find(_book("The Lighthouse Keeper", "black rock", "the lamp burned"))
    assert found is not None
    assert found[0].title == "The Lighthouse Keeper"
    wife = finder.find(_book("The Lighthouse Keeper's Wife", "She never climbed the stairs"))
    assert wife is not None
    assert wife[0].title == "The Lighthouse Keeper's Wife"


def test_documents_unlike_the_title_are_never_read(library: list[Candidate]) -> None:
    finder, loaded = _finder(library)
    finder.find(_book("The Lighthouse Keeper", "black rock"))
    finder.find(_book("The Lighthouse Keeper", "black rock"))
    assert all("unrelated" not in p.name for p in loaded)
    assert len(loaded) == len(set(loaded))  # each read once


def test_a_similar_title_without_any_quote_found_is_not_enough(library: list[Candidate]) -> None:
    finder, _ = _finder(library)
    assert finder.find(_book("The Lighthouse Keeper's Daughter", "words in neither book")) is None


def test_an_exact_title_is_enough_without_quotes(library: list[Candidate]) -> None:
    finder, _ = _finder(library)
    found = finder.find(_book("Lighthouse Keeper", "a quote from another edition"))
    assert found is not None


def test_authors_that_disagree_rule_a_document_out(tmp_path: Path) -> None:
    path = tmp_path / "book.md"
    path.write_text("---\ntitle: Same Title\nauthor: Mary Shelley\n---\n\nIt was a dreary night.\n")
    finder = DocumentFinder([Candidate(path, ("Same Title",))], load_document)
    assert finder.find(_book("Same Title", "dreary night", authors=("Shelley, Mary",)))
    assert finder.find(_book("Same Title", "dreary night", authors=("Bram Stoker",))) is None


def test_the_file_next_to_a_sidecar_is_taken_first(tmp_path: Path) -> None:
    path = tmp_path / "anything.md"
    path.write_text(ESSAY)
    book = _book("Completely Different Title", "black rock")
    book.file_hint = str(path)
    found = DocumentFinder([], load_document).find(book)
    assert found is not None
    assert found[0].path == path


def test_a_book_whose_title_matches_nothing_is_found_by_its_quotes(tmp_path: Path) -> None:
    (tmp_path / "pg1342.md").write_text(ESSAY)
    (tmp_path / "pg84.md").write_text("# Other\n\nThe keeper climbed its stairs in another book.\n")
    candidates = [Candidate(p, (p.stem,)) for p in sorted(tmp_path.iterdir())]
    book = _book(
        "My Personal Document",
        "the keeper climbed its stairs every evening at dusk",
        "for three nights the lamp burned without pause",
        "a sentence of eight words found in neither",
    )
    lone = _book("Another Personal Document", "for three nights the lamp burned without pause")
    short = _book("Short Quotes Only", "black rock", "the lamp")
    finder, loaded = _finder(candidates)
    found = finder.find_all([book, lone, short])
    assert found[0] is not None
    assert found[0][0].title == "The Lighthouse Keeper"
    assert found[1] is not None  # one long quote, found: enough for a book of one quote
    assert found[2] is None  # short phrases prove nothing
    assert sorted(p.name for p in loaded) == ["pg1342.md", "pg84.md"]  # each read once


def test_quotes_alone_need_half_of_them_and_a_clear_winner(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(ESSAY)
    candidates = [Candidate(p, (p.stem,)) for p in sorted(tmp_path.iterdir())]
    book = _book("Untitled", "the keeper climbed its stairs every evening at dusk")
    assert DocumentFinder(candidates, load_document).find_all([book]) == [None]  # two copies
    few = _book(
        "Untitled",
        "the keeper climbed its stairs every evening at dusk",
        "one sentence of many words that is nowhere",
        "another sentence of many words that is nowhere",
    )
    only = [Candidate(tmp_path / "a.md", ("a",))]
    assert DocumentFinder(only, load_document).find_all([few]) == [None]
