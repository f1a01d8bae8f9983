"""The terminal app (Textual): library, reader, annotation editor.

Build it with :func:`reader.tui.app.create_app`. Everything here calls the core
(:mod:`reader.readers`, :mod:`reader.store`); nothing here parses files or
touches the store's database directly.
"""
