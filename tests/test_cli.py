"""The command line's dispatch: ``reader FILE`` opens the app without building the parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import cli
from reader.commands import app


def test_command_names_are_the_parsers() -> None:
    assert set(cli._subcommand_names(cli.build_parser())) == cli.COMMAND_NAMES


@pytest.mark.parametrize(
    ("words", "opens"),
    [
        ([], True),
        (["book.txt"], True),
        (["-"], True),
        (["documents/"], True),
        (["toc"], False),
        (["--help"], False),
        (["--data-dir", "x"], False),
        (["book.txt", "--data-dir=x"], False),
    ],
)
def test_which_words_open_the_app_directly(words: list[str], opens: bool) -> None:
    assert cli._opens_the_app(words) is opens


def test_reader_file_skips_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []

    def no_parser() -> None:
        raise AssertionError("the parser was built")

    def open_app(target: str | None) -> int:
        opened.append(target)
        return 0

    monkeypatch.setattr(cli, "build_parser", no_parser)
    monkeypatch.setattr(app, "open_app", open_app)
    assert cli.main(["book.txt"]) == 0
    assert cli.main([]) == 0
    assert opened == ["book.txt", None]


def test_a_missing_file_is_one_line_either_way(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.txt"
    assert cli.main([str(missing)]) == 2
    direct = capsys.readouterr().err
    assert cli.main(["--data-dir", str(tmp_path / "data"), str(missing)]) == 2
    parsed = capsys.readouterr().err
    assert direct == parsed == f"reader: {missing}: no such file or folder\n"


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["toc"], "reader: toc needs FILE; see 'reader toc --help'"),
        (["annotate"], "reader: annotate needs FILE; see 'reader annotate --help'"),
        (
            ["annotate", "x.txt"],
            "reader: annotate: one of the arguments --anchor --paragraph is required; "
            "see 'reader annotate --help'",
        ),
        (["toc", "a", "b"], "reader: toc: unrecognized arguments: b; see 'reader toc --help'"),
        (
            ["notes", "--bogus"],
            "reader: notes: unrecognized arguments: --bogus; see 'reader notes --help'",
        ),
        (["--bogus"], "reader: unrecognized arguments: --bogus; see 'reader --help'"),
        (["--data-dir"], "reader: argument --data-dir: expected one argument; see 'reader --help'"),
        (
            ["annotate", "x.txt", "--paragraph", "one"],
            "reader: annotate: argument --paragraph: invalid int value: 'one'; "
            "see 'reader annotate --help'",
        ),
    ],
)
def test_a_usage_error_is_one_line_saying_where_the_help_is(
    capsys: pytest.CaptureFixture[str], words: list[str], message: str
) -> None:
    assert cli.main(words) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == message + "\n"
