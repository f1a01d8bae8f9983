"""Editing a note in the user's own editor (``$VISUAL``, else ``$EDITOR``).

Used by ``reader edit ID --editor`` and by the app's note editor (which suspends
itself around :func:`edit_in_editor`). The note goes to a private temporary file
(mode 0600, in a private folder, removed afterwards whatever happens); the
editor command is split like a shell word list (``code --wait``, ``emacsclient
-t``) and run without a shell, so nothing in the variable or in the note is ever
interpreted. The text comes back only when the editor exits with status 0 and
changed it: a failed or abandoned edit changes nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reader.errors import ReaderError

__all__ = ["EditorError", "edit_in_editor", "editor_command"]


class EditorError(ReaderError):
    """No editor is set, it cannot be started, or the note cannot be written for it."""

    exit_code = 2


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run, as an argument list: ``$VISUAL``, else ``$EDITOR``.

    Raises:
        EditorError: Neither is set (or both are blank), or the value is not a
            well-formed shell word list (an unclosed quote).
    """
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise EditorError(f"${name} is not a command line ({error}): {value!r}") from None
            if words:
                return words
    raise EditorError("no editor: set $VISUAL or $EDITOR (for example EDITOR=nano)")


def edit_in_editor(
    text: str, *, suffix: str = ".md", environ: Mapping[str, str] | None = None
) -> str | None:
    """Let the user edit ``text`` in their editor; the new text, or ``None`` for no change.

    Args:
        text: The note as it is now.
        suffix: The temporary file's extension (editors pick a syntax by it).
        environ: Where to read ``VISUAL``/``EDITOR`` (default: the process's environment).

    Returns:
        The edited text as saved (less the final newline most editors add, when
        the note had none), or ``None`` when the editor exited with a non-zero
        status or the text is unchanged.

    Raises:
        EditorError: No editor is set, it cannot be started, or the temporary file
            cannot be written or read back.
    """
    command = editor_command(environ)
    try:
        with tempfile.TemporaryDirectory(prefix="reader-note-") as folder:
            path = Path(folder) / f"note{suffix}"
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            try:
                finished = subprocess.run([*command, str(path)], check=False)
            except OSError as error:
                raise EditorError(
                    f"cannot start the editor {command[0]!r}: {error.strerror or error}"
                ) from None
            if finished.returncode != 0:
                return None
            edited = path.read_bytes().decode("utf-8", errors="surrogateescape")
    except OSError as error:
        raise EditorError(f"cannot keep the note in a temporary file: {error}") from None
    if not text.endswith("\n") and edited.endswith("\n"):
        # Most editors end the file with a newline; the note did not have one.
        edited = edited.removesuffix("\n").removesuffix("\r")
    return None if edited == text else edited
