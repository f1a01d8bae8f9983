"""The user's small configuration file: key remapping, the library folder, the text width.

The file is TOML, at ``$READER_CONFIG`` when set, else ``config.toml`` in the
platform's user configuration folder (``~/.config/reader/`` on Linux). It is
optional; a missing file means the defaults. A broken file is a one-line error
that names the file, because silently ignoring it would leave the user guessing
why their keys do not work::

    library = "~/Reading"          # used by ``reader`` when ./documents is absent
    text_width = 72                # widest text column, in cells (20-400; default 80)
    sync = "~/Sync/reader"         # the folder ``reader sync`` uses when none is given

    [keymap]                       # binding id = key(s), comma-separated
    "reader.annotate" = "A"
    "app.quit" = "q,ctrl+q"

This module is core: it knows nothing about Textual; the app turns ``keymap``
into a Textual keymap.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import ReaderError

__all__ = [
    "DEFAULT_TEXT_WIDTH",
    "MAX_CONFIG_BYTES",
    "MAX_TEXT_WIDTH",
    "MIN_TEXT_WIDTH",
    "Config",
    "ConfigError",
    "config_path",
    "load_config",
    "valid_text_width",
]

MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration file is a few lines; anything this large is not one."""

DEFAULT_TEXT_WIDTH = 80
"""The widest the text column gets, in cells, unless the user says otherwise: a
line of some 12 words, as a printed page has (narrower terminals wrap to fit)."""

MIN_TEXT_WIDTH = 20
"""The narrowest text column the user can ask for (a few words a line)."""

MAX_TEXT_WIDTH = 400
"""The widest text column the user can ask for (wider than any screen)."""


class ConfigError(ReaderError):
    """The configuration file exists but cannot be used as it is."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Config:
    """What the configuration file says.

    Attributes:
        keymap: Binding id to key string (Textual key names, comma-separated for
            several keys), e.g. ``{"reader.annotate": "A"}``.
        library: The library folder ``reader`` opens when ``./documents`` is absent,
            ``None`` when not configured.
        text_width: The widest text column, in cells (:data:`MIN_TEXT_WIDTH` to
            :data:`MAX_TEXT_WIDTH`); a width chosen in the app with its keys is
            remembered and takes precedence.
        sync: The folder ``reader sync`` uses when none is given, ``None`` when not
            configured.
        path: The file this was read from (it may not exist).
    """

    keymap: dict[str, str] = field(default_factory=dict)
    library: Path | None = None
    text_width: int = DEFAULT_TEXT_WIDTH
    sync: Path | None = None
    path: Path | None = None


def config_path() -> Path:
    """Where the configuration file is: ``$READER_CONFIG``, else the user config folder.

    Computed on each call (not at import) so tests and ``READER_CONFIG`` set late
    are honoured.
    """
    override = os.environ.get("READER_CONFIG")
    if override:
        return Path(override).expanduser()
    import platformdirs  # some 7 ms, not needed when READER_CONFIG says where

    return Path(platformdirs.user_config_dir("reader")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the configuration file; a missing file gives the defaults.

    Args:
        path: The file to read; ``None`` for :func:`config_path`.

    Raises:
        ConfigError: The path is not a regular file under :data:`MAX_CONFIG_BYTES`, or
            the file is unreadable, not TOML, or has a value of the wrong type.
    """
    path = config_path() if path is None else path
    try:
        raw = _read_small_file(path)
    except FileNotFoundError:
        return Config(path=path)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror or error})") from None
    import tomllib  # some 6 ms, paid only when there is a file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); fix or remove the file") from None
    return Config(
        keymap=_keymap(data, path),
        library=_folder(data, path, "library"),
        sync=_folder(data, path, "sync"),
        text_width=_text_width(data, path),
        path=path,
    )


def _read_small_file(path: Path) -> bytes:
    """The bytes of ``path``, refused unless it is a regular file of at most 1 MB.

    ``READER_CONFIG`` can name anything: reading ``/dev/zero`` to the end never
    finishes, and opening a FIFO waits for a writer that may never come. The file is
    opened without blocking and looked at before a byte is read.

    Raises:
        FileNotFoundError: Nothing is there.
        ConfigError: It is a folder, a device, a pipe or a socket, or too large.
        OSError: It cannot be opened or read.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(
                f"{path} is {_kind(info.st_mode)}, not a file; the configuration is "
                f"a TOML file: {_what_to_do()}"
            )
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)  # the file may have grown since fstat
    finally:
        os.close(descriptor)
    if max(info.st_size, len(raw)) > MAX_CONFIG_BYTES:
        size = max(info.st_size, len(raw)) / MAX_CONFIG_BYTES
        raise ConfigError(
            f"{path} is {size:.1f} MB; a configuration file is a few lines of TOML, "
            f"at most 1 MB: {_what_to_do()}"
        )
    return raw


def _what_to_do() -> str:
    if os.environ.get("READER_CONFIG"):
        return "set READER_CONFIG to the right file, or unset it"
    return "replace it with the right file, or remove it"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _keymap(data: dict[str, object], path: Path) -> dict[str, str]:
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        raise ConfigError(f'{path}: [keymap] must be a table of binding id = "keys"')
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(
                f"{path}: keymap entry {binding_id!r} must be a non-empty string of keys, "
                'e.g. "ctrl+s" or "q,escape"'
            )
        keymap[binding_id] = ",".join(key.strip() for key in keys.split(",") if key.strip())
    return keymap


def _folder(data: dict[str, object], path: Path, name: str) -> Path | None:
    folder = data.get(name)
    if folder is None:
        return None
    if not isinstance(folder, str) or not folder.strip():
        raise ConfigError(f"{path}: {name} must be a folder path in quotes")
    return Path(folder).expanduser()


def valid_text_width(value: object) -> int | None:
    """``value`` as a text width if it is a whole number in the allowed range, else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if MIN_TEXT_WIDTH <= value <= MAX_TEXT_WIDTH else None


def _text_width(data: dict[str, object], path: Path) -> int:
    value = data.get("text_width")
    if value is None:
        return DEFAULT_TEXT_WIDTH
    width = valid_text_width(value)
    if width is None:
        raise ConfigError(
            f"{path}: text_width must be a whole number of columns from {MIN_TEXT_WIDTH} "
            f"to {MAX_TEXT_WIDTH}, e.g. text_width = 72"
        )
    return width
