"""reader: read long documents in the terminal and keep your notes next to the text.

The package root is the headless core (document model, format readers, anchors,
annotation store, export). The Textual app lives in :mod:`reader.tui` and is the
only part that imports ``textual``.

``reader.__version__`` is looked up on first use: :mod:`importlib.metadata` costs
tens of milliseconds to import, and every start of the app pays for what this
module imports.
"""

from __future__ import annotations

__all__ = ["__version__"]


def version() -> str:
    """The installed distribution's version (``0+unknown`` in a never-installed source tree)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version("reader")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> str:
    """Compute ``__version__`` only when someone asks for it."""
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
