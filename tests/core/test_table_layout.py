"""Table layout: one set of rules for every format's tables."""

from __future__ import annotations

from reader.readers import html, markdown
from reader.readers.table_layout import MAX_CELL_WIDTH, layout_table


def test_columns_are_aligned_and_trailing_space_trimmed() -> None:
    assert layout_table([["Year", "Exports"], ["2016", "28.0"], ["17", ""]]) == (
        "Year | Exports\n2016 | 28.0\n17   |"
    )


def test_a_header_row_is_underlined_and_kept_even_when_empty() -> None:
    assert layout_table([["Name", "Qty"], ["fig", "12"]], header=True) == (
        "Name | Qty\n-----|----\nfig  | 12"
    )
    assert layout_table([["", ""], ["fig", "12"]], header=True) == "    |\n----|---\nfig | 12"


def test_rows_without_text_are_left_out_and_an_empty_table_is_empty() -> None:
    assert layout_table([["a", "b"], ["", ""], [], ["c", "d"]]) == "a | b\nc | d"
    assert layout_table([["", ""], []]) == ""
    assert layout_table([], header=True) == ""


def test_ragged_rows_are_laid_out_by_the_widest_row() -> None:
    assert layout_table([["a"], ["bb", "c", "d"]]) == "a\nbb | c | d"


def test_html_and_markdown_tables_share_the_cell_width_cap() -> None:
    wide = "w" * (MAX_CELL_WIDTH + 25)
    page = f"<table><tr><td>{wide}</td><td>x</td></tr><tr><td>y</td><td>z</td></tr></table>"
    source = f"| {wide} | x |\n|---|---|\n| y | z |\n"
    (from_html,) = html.read(page).paragraphs
    (from_markdown,) = markdown.read(source).paragraphs
    padded_y = "y" + " " * (MAX_CELL_WIDTH - 1) + " | z"
    assert from_html.text.splitlines() == [f"{wide} | x", padded_y]
    assert from_markdown.text.splitlines()[::2] == [f"{wide} | x", padded_y]
