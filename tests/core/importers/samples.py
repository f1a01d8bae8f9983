"""Import files shaped as the real ones are (from each format's writer and specification).

The Kindle clippings follow what Kindles write in English, German, Spanish,
French and Japanese (including the byte-order mark, CRLF line ends and the
shortened ranges of the Kindle 3); the KOReader sidecars follow what
``LuaSettings:flush`` writes (``dump`` of the settings table: ``%q`` strings,
so line breaks as backslash-newline and bytes as ``\\ddd``); the Readwise CSV has
the columns of its export.
"""

from __future__ import annotations

from reader.importers.lua_table import LuaValue

ESSAY = """\
# The Lighthouse Keeper

By Ada Byron

## Chapter One

The lighthouse stood on a spit of black rock, and the keeper climbed its stairs \
every evening at dusk.

He kept a log of every ship that passed, with the hour and the weather beside each name.

"Nothing is lost at sea," he wrote, "that was not first lost ashore."

## Chapter Two

The storm came in October, and for three nights the lamp burned without pause.

He kept a log of every ship that passed, with the hour and the weather beside each name.

When the morning came, the sea was flat and grey, and the keeper slept until noon.
"""
"""A small book in Markdown: two chapters, one paragraph repeated in both."""

KINDLE_CLIPPINGS = (
    "\ufeffThe Lighthouse Keeper (Byron, Ada)\r\n"
    "- Your Highlight on page 3 | Location 40-42 | Added on Monday, March 4, 2019 10:02:00 PM\r\n"
    "\r\n"
    "the keeper climbed its stairs every evening at dusk\r\n"
    "==========\r\n"
    "The Lighthouse Keeper (Byron, Ada)\r\n"
    "- Your Note on page 3 | Location 42 | Added on Monday, March 4, 2019 10:03:10 PM\r\n"
    "\r\n"
    "Routine as devotion.\r\n"
    "==========\r\n"
    "\ufeffThe Lighthouse Keeper (Byron, Ada)\r\n"
    "- Your Bookmark on page 5 | Location 70 | Added on Tuesday, March 5, 2019 7:15:00 AM\r\n"
    "\r\n"
    "\r\n"
    "==========\r\n"
    "The Lighthouse Keeper (Byron, Ada)\r\n"
    "- Ihre Markierung auf Seite 9 | bei Position 130-131 | Hinzugefügt am Sonntag, "
    "27. Dezember 2015 08:18:36\r\n"
    "\r\n"
    "“Nothing is lost at sea,” he wrote\r\n"
    "==========\r\n"
    "The Lighthouse Keeper (Byron, Ada)\r\n"
    "- La subrayado en la página 12 | posición 200-203 | Añadido el lunes, 10 de julio de "
    "2023 13:23:06\r\n"
    "\r\n"
    "He kept a log of every ship that passed\r\n"
    "==========\r\n"
    "The Lighthouse Keeper (Byron, Ada)\r\n"
    "- Votre surlignement sur la page 14 | emplacement 250-252 | Ajouté le samedi 26 "
    "décembre 2015 11:21:23\r\n"
    "\r\n"
    "When the morning came, the sea was flat and gray, and the keeper slept until noon.\r\n"
    "==========\r\n"
    "The Lighthouse Keeper (Byron, Ada)\r\n"
    "- Your Highlight on page 20 | Location 300-301 | Added on Friday, May 8, 2020 5:23:15 PM\r\n"
    "\r\n"
    "The harbour master counted the gulls twice and then went home to sleep early.\r\n"
    "==========\r\n"
    "Another Book Entirely (Someone Else)\r\n"
    "- 位置No. 123-125のハイライト |作成日: 2019年3月4日月曜日 22:02:00\r\n"
    "\r\n"
    "A line from a book that is not in the library.\r\n"
    "==========\r\n"
)
"""Highlights of :data:`ESSAY` in five Kindle languages: one placed exactly, one with
typographic quotes, one ambiguous (the repeated paragraph), one with a spelling
changed (placed fuzzily), one found nowhere (an orphan); a note on the first, a
bookmark (skipped), and a book that is not in the library."""

KOREADER_SIDECAR = b"""-- we can read Lua syntax here!
return {
    ["annotations"] = {
        [1] = {
            ["chapter"] = "Chapter One",
            ["color"] = "yellow",
            ["datetime"] = "2024-02-03 10:11:12",
            ["drawer"] = "lighten",
            ["page"] = "/body/DocFragment[2]/body/p[1]/text().4",
            ["pageno"] = 3,
            ["pos0"] = "/body/DocFragment[2]/body/p[1]/text().4",
            ["pos1"] = "/body/DocFragment[2]/body/p[1]/text().52",
            ["text"] = "lighthouse stood on a spit of black rock",
        },
        [2] = {
            ["chapter"] = "Chapter Two",
            ["datetime"] = "2024-02-04 21:00:00",
            ["datetime_updated"] = "2024-02-05 08:00:00",
            ["drawer"] = "underscore",
            ["note"] = "Three nights!\\
And the lamp caf\\195\\169 never out.",
            ["page"] = "/body/DocFragment[3]/body/p[1]/text().0",
            ["pageno"] = 5,
            ["pos0"] = "/body/DocFragment[3]/body/p[1]/text().0",
            ["pos1"] = "/body/DocFragment[3]/body/p[1]/text().60",
            ["text"] = "for three nights the lamp burned without pause",
        },
        [3] = {
            ["chapter"] = "Chapter Two",
            ["datetime"] = "2024-02-04 21:05:00",
            ["page"] = "/body/DocFragment[3]/body/p[2]/text().0",
            ["pageno"] = 5,
            ["text"] = "Page 5",
        },
        [4] = {
            ["chapter"] = "Chapter Two",
            ["datetime"] = "2024-02-04 21:06:00",
            ["pos0"] = "/body/DocFragment[3]/body/p[2]/text().0",
            ["pos1"] = "/body/DocFragment[3]/body/p[2]/text().30",
            ["text"] = "He kept a log of every ship that passed",
        },
    },
    ["cre_dom_version"] = 20240114,
    ["doc_pages"] = 12,
    ["doc_path"] = "/mnt/onboard/Books/The Lighthouse Keeper.epub",
    ["doc_props"] = {
        ["authors"] = "Ada Byron",
        ["description"] = "",
        ["identifiers"] = "",
        ["keywords"] = "",
        ["language"] = "en",
        ["series"] = "",
        ["title"] = "The Lighthouse Keeper",
    },
    ["highlight_drawer"] = "lighten",
    ["last_xpointer"] = "/body/DocFragment[3]/body/p[3]/text().0",
    ["percent_finished"] = 0.83333333333333,
    ["summary"] = {
        ["modified"] = "2024-02-05",
        ["status"] = "reading",
    },
}
"""
"""A sidecar of the 2024 layout: a highlight, one with a note over two lines (and
UTF-8 written as decimal escapes), a page bookmark (skipped) and an ambiguous one."""

KOREADER_LEGACY_SIDECAR = b"""-- we can read Lua syntax here!
return {
    ["bookmarks"] = {
        [1] = {
            ["datetime"] = "2019-05-01 09:00:00",
            ["highlighted"] = true,
            ["notes"] = "the sea was flat and grey",
            ["page"] = "/body/DocFragment[3]/body/p[3]/text().20",
            ["pos0"] = "/body/DocFragment[3]/body/p[3]/text().20",
            ["pos1"] = "/body/DocFragment[3]/body/p[3]/text().45",
            ["text"] = "Calm after the storm.",
        },
        [2] = {
            ["datetime"] = "2019-05-01 09:10:00",
            ["highlighted"] = true,
            ["notes"] = "the keeper slept until noon",
            ["page"] = "/body/DocFragment[3]/body/p[3]/text().50",
            ["text"] = "Page 7 the keeper slept until noon @ 2019-05-01 09:10:00",
        },
    },
    ["doc_props"] = {
        ["authors"] = "Ada Byron",
        ["title"] = "The Lighthouse Keeper",
    },
    ["highlight"] = {
        [7] = {
            [1] = {
                ["chapter"] = "Chapter Two",
                ["datetime"] = "2019-05-01 09:00:00",
                ["drawer"] = "lighten",
                ["pos0"] = "/body/DocFragment[3]/body/p[3]/text().20",
                ["pos1"] = "/body/DocFragment[3]/body/p[3]/text().45",
                ["text"] = "the sea was flat and grey",
            },
            [2] = {
                ["chapter"] = "Chapter Two",
                ["datetime"] = "2019-05-01 09:10:00",
                ["drawer"] = "lighten",
                ["pos0"] = "/body/DocFragment[3]/body/p[3]/text().50",
                ["pos1"] = "/body/DocFragment[3]/body/p[3]/text().77",
                ["text"] = "the keeper slept until noon",
            },
        },
    },
}
"""
"""The layout before 2024: highlights by page, notes in the bookmarks (the second
bookmark's text is the one KOReader made up, not a note)."""

READWISE_CSV = (
    "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,"
    "Location,Highlighted at,Document tags\r\n"
    '"He kept a log of every ship that passed, with the hour and the weather beside each '
    'name.",The Lighthouse Keeper,Ada Byron,B00TEST123,,yellow,,location,88,'
    "2021-05-03 14:22:33+00:00,\r\n"
    '"""Nothing is lost at sea,"" he wrote",The Lighthouse Keeper,Ada Byron,B00TEST123,'
    '"The line everyone quotes.\nTwice.",blue,"favorite, sea",location,120,'
    "2021-05-03 14:25:00+00:00,fiction\r\n"
    ",The Lighthouse Keeper,Ada Byron,B00TEST123,an empty highlight,,,location,130,,\r\n"
    "A highlight without a book,,,,,,,,,,\r\n"
    "The storm came in October,The Lighthouse Keeper,Ada Byron,B00TEST123,,,,page,7,"
    "not a date,\r\n"
)
"""A Readwise export: a highlight, one with a note and tags (and quotes escaped
the CSV way), an empty highlight and a row without a book (both skipped), and
one with an unreadable time."""


def lua_literal(value: LuaValue) -> str:
    """Write ``value`` the way KOReader's ``dump`` does (``%q`` strings, ``[k] = v``)."""
    if isinstance(value, dict):
        return (
            "{"
            + "".join(f"[{lua_literal(k)}] = {lua_literal(v)},\n" for k, v in value.items())
            + "}"
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        body = "".join(
            "\\\n"
            if c == "\n"
            else f"\\{c}"
            if c in '"\\'
            else c
            if c.isprintable()
            else "".join(f"\\{b:03d}" for b in c.encode("utf-8"))
            for c in value
        )
        return f'"{body}"'
    return repr(value)
