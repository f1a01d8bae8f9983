"""Plays set as the First Folio is, and speaker tags opening a speech's first line.

On extracts of Project Gutenberg's First Folio King Lear and Timon of Athens and
of its modern King Lear (see tests/fixtures/real/README.md).
"""

from __future__ import annotations

from pathlib import Path

from reader.model import Document
from reader.readers import load_document
from reader.readers.drama import (
    drama_headings,
    inline_tag,
    is_play,
    set_in_speeches,
    sets_in_speeches,
    speaker_tags,
)

REAL = Path(__file__).parent.parent / "fixtures" / "real"


def _load(name: str) -> Document:
    return load_document(REAL / f"{name}-gutenberg-extract.txt")


def _raw(name: str) -> str:
    return (REAL / f"{name}-gutenberg-extract.txt").read_text(encoding="utf-8")


def test_latin_labels_are_acts_holding_scenes() -> None:
    doc = _load("lear-folio")
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Actus Primus.", 1),
        ("Scoena Prima.", 2),  # the act and its first scene share a line: two sections
        ("Scena Secunda.", 2),
        ("Actus Secundus.", 1),
        ("Scena Prima.", 2),
    ]


def test_drama_headings_parts_an_act_from_its_first_scene() -> None:
    assert drama_headings("Actus Primus. Scoena Prima.") == [
        ("Actus Primus.", "act"),
        ("Scoena Prima.", "scene"),
    ]
    # Twelfe Night's first line, a comma between
    assert drama_headings("Actus Primus, Scaena Prima.") == [
        ("Actus Primus", "act"),
        ("Scaena Prima.", "scene"),
    ]
    assert drama_headings("Scena Octaua.") == [("Scena Octaua.", "scene")]  # u for v
    assert drama_headings("Actus Quintus.") == [("Actus Quintus.", "act")]
    assert drama_headings("Scene I. Elsinore.") == [("Scene I. Elsinore.", "scene")]
    assert drama_headings("Scena is a Latin word.") == []
    # the modern Cymbeline's English ordinal, its act and first scene on one line
    assert drama_headings("ACT FIFTH. SCENE I.") == [("ACT FIFTH.", "act"), ("SCENE I.", "scene")]


def test_every_speech_set_in_is_a_paragraph_opening_with_its_tag() -> None:
    texts = [p.text for p in _load("lear-folio").paragraphs]
    # one-line speeches the reader used to take for headings
    assert "Kent. I cannot conceiue you" in texts
    assert "Edm. No, my Lord" in texts
    # speeches not parted by a blank line
    assert "Kent. Is not this your Son, my Lord?" in texts
    assert "Lear. Nothing?" in texts
    assert "Cor. Nothing" in texts
    # a direction at the margin before the first speech of its block is its own
    assert "Enter Kent, Gloucester, and Edmond." in texts


def test_a_folio_speech_in_verse_keeps_its_lines() -> None:
    texts = [p.text for p in _load("lear-folio").paragraphs]
    assert (
        "Cor. Then poore Cordelia,\nAnd yet not so, since I am sure my loue's\n"
        "More ponderous then my tongue"
    ) in texts


def test_a_folio_speech_in_prose_is_one_line() -> None:
    texts = [p.text for p in _load("lear-folio").paragraphs]
    assert (
        "Cur. Nay I know not, you haue heard of the newes abroad, I meane the whisper'd"
        " ones, for they are yet but ear-kissing arguments"
    ) in texts


def test_a_folio_play_without_labels_is_a_play() -> None:
    raw = _raw("timon-folio")
    assert sets_in_speeches(raw)
    assert is_play(raw)
    texts = [p.text for p in _load("timon-folio").paragraphs]
    assert "Pain. It weares sir, as it growes" in texts  # under its own line, no blank
    assert not _load("timon-folio").sections  # no speech taken for a heading


def test_the_modern_layout_is_not_the_folios() -> None:
    assert not sets_in_speeches(_raw("lear"))
    assert not sets_in_speeches(_raw("hamlet"))
    assert not sets_in_speeches(_raw("midsummer"))


def test_set_in_speeches_cuts_at_lines_set_in() -> None:
    block = [
        "   Lear. Nothing?",
        "  Cor. Nothing",
    ]
    assert set_in_speeches(block) == [["Lear. Nothing?"], ["Cor. Nothing"]]
    assert set_in_speeches(["Exeunt."]) is None
    # a cast list set in by one space stays one block
    cast = [" Vincentio: the Duke.", " Angelo, the Deputie."]
    assert set_in_speeches(cast) is None


def test_a_modern_speech_with_its_tag_inline_reads_like_the_others() -> None:
    texts = [p.text for p in _load("lear").paragraphs]
    assert "Fool.\nLet me hire him too; here's my coxcomb." in texts
    assert "Osw.\nAy, madam." in texts
    assert "Osw.\nHe's coming, madam; I hear him." in texts  # the play's own layout


def test_inline_tag_takes_only_the_plays_own_tags() -> None:
    tags = speaker_tags(_raw("lear"))
    assert {"Fool.", "Osw.", "Gon."} <= tags
    assert inline_tag("Fool. Let me hire him too; here's my coxcomb.", tags) == "Fool."
    # Midsummer's "Ready. Name what part I am for": a short sentence, nobody's tag
    assert inline_tag("Ready. Name what part I am for, and proceed.", tags) is None
    assert inline_tag("Fool. then", tags) is None  # a speech's words open in a capital
    # two speakers speaking together (Julius Caesar's "TITINIUS. MESSALA.")
    assert inline_tag("Gon. Osw.", tags) is None
