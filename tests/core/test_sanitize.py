"""Untrusted text loses what a terminal would act on, and keeps everything else."""

from __future__ import annotations

import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.sanitize import TERMINAL_ACTIVE, clean_line, clean_text, clean_value, for_terminal


def test_osc_title_sequence_is_removed() -> None:
    assert clean_text("before\x1b]2;X\x1b\\after") == "beforeafter"
    assert clean_text("before\x1b]0;pwned\x07after") == "beforeafter"


def test_csi_colour_and_cursor_sequences_are_removed() -> None:
    assert clean_text("\x1b[1;31mred\x1b[0m \x1b[2J\x1b[Hhome") == "red home"
    assert clean_text("\x9b31mred") == "red"


def test_hyperlink_keeps_its_text() -> None:
    assert clean_text("\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\") == "link"


def test_unterminated_osc_does_not_swallow_the_rest() -> None:
    cleaned = clean_text("keep \x1b]2;X this\nand this line\nand this")
    assert "\x1b" not in cleaned
    assert cleaned.endswith("this\nand this line\nand this")


def test_c0_c1_controls_and_bidi_overrides_are_removed() -> None:
    text = "a\x00b\x07c\x08d\x7fe\x80f\x9fg \u202eevil\u202c \u2066iso\u2069 \ufeffbom"
    assert clean_text(text) == "abcdefg evil iso bom"


def test_tabs_newlines_and_ordinary_unicode_are_kept() -> None:
    text = "tab\there\nline two — “quotes”, ½, 日本語, עברית"
    assert clean_text(text) == text


def test_line_endings_are_normalised() -> None:
    assert clean_text("a\r\nb\rc\u2028d\u2029e\x85f") == "a\nb\nc\nd\ne\nf"


def test_markup_is_plain_text_here() -> None:
    text = "[bold red]x[/] [@click=app.quit]quit[/]"
    assert clean_text(text) == text
    assert clean_line(text) == text


def test_clean_line_collapses_white_space() -> None:
    assert clean_line("  a\tb\n\nc  d\u00a0 e ") == "a b c d e"
    assert clean_line("plain words") == "plain words"


def test_many_escape_introducers_are_cleaned_in_linear_time() -> None:
    text = ("\x1b]" + "a" * 5000) * 1000  # 5 MB of unterminated OSC strings
    start = time.process_time()
    cleaned = clean_text(text)
    assert time.process_time() - start < 2.0
    assert cleaned == "a" * 5_000_000


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    cleaned = clean_text(text)
    assert not any(c in cleaned for c in "\x1b\x9b\x9d\x07\r\x00\u202e\u2066")
    assert all(c in "\t\n" or not (c < " " or "\x7f" <= c <= "\x9f") for c in cleaned)
    assert clean_text(cleaned) == cleaned


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_line_is_one_trimmed_line(text: str) -> None:
    line = clean_line(text)
    assert "\n" not in line
    assert "\t" not in line
    assert "  " not in line
    assert line == line.strip()


def test_for_terminal_shows_what_would_act_as_escapes() -> None:
    name = "bin\x1b]2;PWNED\x07\x1b[2J.txt"
    assert for_terminal(name) == "bin\\x1b]2;PWNED\\x07\\x1b[2J.txt"
    assert for_terminal("a\x9bb\u202ec\u2066d\x85e\r") == "a\\x9bb\\u202ec\\u2066d\\x85e\\x0d"


def test_for_terminal_shows_an_undecodable_byte_of_a_file_name_as_that_byte() -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 name on a UTF-8 system
    assert for_terminal(name) == "caf\\xe9.txt"
    for_terminal(name).encode("utf-8")  # printable, where the raw name raised


def test_for_terminal_keeps_lines_unless_asked_for_one() -> None:
    text = "tab\there\nline two — “quotes”, 日本語 [bold]x[/]"
    assert for_terminal(text) is text
    assert for_terminal(text, one_line=True) == text.replace("\t", "\\t").replace("\n", "\\n")


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_for_terminal_lets_nothing_through_and_loses_nothing(text: str) -> None:
    shown = for_terminal(text, one_line=True)
    assert not TERMINAL_ACTIVE.search(shown)
    assert "\n" not in shown
    assert "\t" not in shown
    shown.encode("utf-8")
    if not TERMINAL_ACTIVE.search(text) and "\n" not in text and "\t" not in text:
        assert shown == text
    else:
        assert len(shown) > len(text)  # each character is replaced by its visible escape


def test_clean_value_cleans_every_string_and_key_of_metadata() -> None:
    value = {"a\x1b[31m": ["x\u202ey", {"k\x9b": "v\x1b]2;t\x07"}], "n": 3, "b": None}
    assert clean_value(value) == {"a": ["xy", {"k": "v"}], "n": 3, "b": None}
    assert clean_value("two\r\nlines") == "two\nlines"
