"""Lay a table's cells out as aligned text rows, the same way for every format.

A table is kept as one ``TABLE`` paragraph whose lines are its rows, shown
verbatim like code. The HTML and Markdown readers (and the EPUB reader, through
the HTML one) hand their rows of cell texts to :func:`layout_table`, so a table
looks the same whichever file it came from.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_CELL_WIDTH", "layout_table"]

MAX_CELL_WIDTH = 40
"""Columns are padded to at most this many characters, so one long cell does not
push every row off the screen; the cell's full text stays (and stays searchable)."""


def layout_table(rows: Sequence[Sequence[str]], *, header: bool = False) -> str:
    """Lay rows of cells out as text columns separated by ``" | "``.

    Args:
        rows: The table's rows, each a sequence of cell texts (rows may have
            different lengths).
        header: The first row is a header row: it is kept even when empty and
            underlined by a ``-|-`` rule as wide as the columns.

    Returns:
        The rows as lines joined by ``"\\n"``, trailing spaces trimmed; rows with
        no text are left out, and a table with no text gives ``""``.
    """
    head = [list(rows[0])] if header and rows else []
    body = [list(row) for row in rows[len(head) :] if any(row)]
    kept = head + body
    if not any(any(row) for row in kept):
        return ""
    widths = [0] * max(len(row) for row in kept)
    for row in kept:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], min(len(cell), MAX_CELL_WIDTH))
    lines = [
        " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in kept
    ]
    if head:
        lines.insert(1, "-|-".join("-" * max(1, width) for width in widths))
    return "\n".join(lines)
