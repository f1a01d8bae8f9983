"""The terminal app (Textual): library, reader, annotation editor.

Build it as :class:`reader.tui.app.ReaderApp`. Everything here calls the core
(:mod:`reader.readers`, :mod:`reader.store`); nothing here parses files or
touches the store's database directly.
"""
