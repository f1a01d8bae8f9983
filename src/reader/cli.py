"""The ``reader`` command line: every core capability, scriptable.

``reader [FILE | FOLDER | -]`` opens the app; the subcommands (``reader toc``,
``reader show``, ``reader notes``, ``reader export`` ...) print text, or JSON with
``--json``. Each group of subcommands lives in :mod:`reader.commands` and
registers itself here.

Exit codes: 0 success, 1 a general error the message explains, 2 usage error or a
missing file, 3 a file that cannot be read as a document, 4 a store problem,
5 nothing matched (e.g. an unknown annotation id), 70 a bug (please report),
130 interrupted.

Startup cost is paid by every ``reader FILE``: that start goes straight to the
app, without building the parser or importing the other commands; the command
modules import only what building the parser needs; each handler imports its
heavy dependencies (the store, the exporters, the app) when it runs, and the
version is looked up only for ``--version``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, NoReturn

from reader.commands import app
from reader.commands.output import warn
from reader.errors import ReaderError, UsageError

__all__ = ["COMMAND_NAMES", "build_parser", "main"]

EXIT_BUG = 70
EXIT_INTERRUPTED = 130

COMMAND_NAMES = frozenset(
    {
        "annotate",
        "attach",
        "doctor",
        "edit",
        "export",
        "import",
        "link",
        "notes",
        "open",
        "rm",
        "show",
        "sync",
        "tags",
        "toc",
        "unlink",
    }
)
"""Every command's name (a test checks it against the parser): ``reader WORD`` runs
the command WORD, else opens WORD, and telling which must not need the parser."""


class _VersionAction(argparse.Action):
    """``--version``: print the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> NoReturn:
        from reader import version

        print(f"reader {version()}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line that points to the help.

    argparse would print the whole usage block and ``prog: error: ...``; every other
    error of reader is one ``reader: ...`` line, and scripts match on that.
    """

    def error(self, message: str) -> NoReturn:
        """Raise the usage error (the subcommands' parsers are of this class too)."""
        command = self.prog.removeprefix("reader").strip()
        required = message.removeprefix("the following arguments are required: ")
        if required != message and command:
            message = f"{command} needs {' and '.join(required.split(', '))}"
        elif command:
            message = f"{command}: {message}"
        raise UsageError(f"{message}; see '{self.prog} --help'")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (one subparser per command)."""
    parser = _Parser(
        prog="reader",
        description="Read long documents in the terminal and keep your notes next to the text.",
        epilog="Run 'reader COMMAND --help' for a command's options. "
        "'reader FILE' opens FILE in the app; 'reader' alone opens the library.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding reader's annotation store (default: $READER_DATA, "
        "else the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    from reader.commands import (  # not for 'reader FILE'
        attach,
        documents,
        exporting,
        notes,
        sync,
        works,
    )

    for module in (app, documents, notes, attach, works, exporting, sync):
        module.register(commands)
    return parser


def _with_default_command(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """Insert ``open`` when the first positional word is not a command (``reader FILE``)."""
    names = set(_subcommand_names(parser))
    options_with_values = {"--data-dir"}
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in options_with_values:
            if i + 1 == len(argv):  # its value is missing: argparse says so
                return argv
            i += 2
            continue
        if word.startswith("--data-dir="):
            i += 1
            continue
        if word in ("-h", "--help", "--version"):
            return argv
        if word == "-" or not word.startswith("-"):
            if word in names:
                return argv
            return [*argv[:i], "open", *argv[i:]]
        return [*argv[:i], "open", *argv[i:]]
    return [*argv, "open"]


def _subcommand_names(parser: argparse.ArgumentParser) -> list[str]:
    return list(_subparsers(parser))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command``, or ``parser`` itself when no command was given."""
    return _subparsers(parser).get(command or "", parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if _opens_the_app(words):
        # The most common start by far, 'reader FILE': building the whole parser
        # (every command and option) would cost ~10 ms before the first frame.
        return _run(partial(app.open_app, words[0] if words else None))
    return _run(partial(_run_command, words))


def _run_command(words: list[str]) -> int:
    """Parse ``words`` and run the command they name (a usage error raises)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(_with_default_command(words, parser))
    if extra:  # argparse would blame the top parser: name the command typed, if any
        typed = args.command if args.command in words else None
        _subparser(parser, typed).error(f"unrecognized arguments: {' '.join(extra)}")
    if args.data_dir:
        os.environ["READER_DATA"] = os.path.abspath(args.data_dir)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


def _opens_the_app(words: list[str]) -> bool:
    """True for ``reader`` and ``reader FILE|FOLDER|-``: no option and no command."""
    if not words:
        return True
    if len(words) > 1:
        return False
    word = words[0]
    return word == "-" or (not word.startswith("-") and word not in COMMAND_NAMES)


def _run(handler: Callable[[], int]) -> int:
    """Run a command's handler, turning what it raises into a message and exit code.

    The message is one line on standard error; it often names a file, and a file
    name can hold anything, so it is written through :func:`warn` like all output.
    """
    try:
        code: int = handler()
    except ReaderError as error:
        warn(f"reader: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``reader show X | head``): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: say so in one line, traceback only on request
        if os.environ.get("READER_DEBUG"):
            raise
        warn(
            f"reader: internal error ({type(error).__name__}: {error}); "
            "run again with READER_DEBUG=1 to see the traceback, and please report it"
        )
        return EXIT_BUG
    return code


if __name__ == "__main__":
    raise SystemExit(main())
