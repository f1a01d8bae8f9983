"""JSON printed by any command is valid JSON that cannot act on a terminal."""

from __future__ import annotations

import json

import pytest

from reader.commands.output import print_json


@pytest.mark.parametrize(
    "value",
    ["\x9b31m red", "\x1b]2;title\x07", "abc\u202edcba", "\x7f", "plain é 中文 🙂"],
)
def test_terminal_active_characters_are_escaped_and_round_trip(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    print_json({"text": value, "list": [value]})
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\x7f\x9b\u202e")
    assert json.loads(out) == {"text": value, "list": [value]}
