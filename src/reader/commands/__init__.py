"""Subcommands of the ``reader`` command line, one module per group.

Each module exposes ``register(subparsers)``, which adds its parsers and sets a
``handler(args) -> int`` default on each; :mod:`reader.cli` wires them together
and turns :class:`~reader.errors.ReaderError` into a one-line message.
"""
