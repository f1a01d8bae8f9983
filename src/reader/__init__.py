"""reader: read long documents in the terminal and keep your notes next to the text.

The package root is the headless core (document model, format readers, anchors,
annotation store, export). The Textual app lives in :mod:`reader.tui` and is the
only part that imports ``textual``.
"""

from importlib.metadata import PackageNotFoundError, version


def _version() -> str:
    try:
        return version("reader")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


__version__ = _version()
