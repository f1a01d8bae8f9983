"""Notes from other readers: Kindle, KOReader and Readwise files, read and placed.

* :mod:`~reader.importers.kindle` (with :mod:`~reader.importers.kindle_dates`),
  :mod:`~reader.importers.koreader` (with :mod:`~reader.importers.lua_table`) and
  :mod:`~reader.importers.readwise` parse each format into the books and items
  of :mod:`~reader.importers.items`, every field cleaned and checked;
  :mod:`~reader.importers.detect` tells the formats apart and
  :mod:`~reader.importers.files` reads a file with the right parser.
* :mod:`~reader.importers.books` finds the document each book is, and
  :mod:`~reader.importers.placing` the paragraph each quote is on.

Hypothesis and W3C Web Annotation JSON are read by :mod:`reader.export.webannotation_import`.
"""

__all__ = ["FORMATS"]

FORMATS = ("kindle", "koreader", "readwise", "hypothesis", "w3c")
"""Every format ``reader import --format`` accepts (kept here, with no imports, so
that building the command line's parser stays cheap)."""
