"""Read a Lua table literal as data: KOReader's ``metadata.*.lua`` sidecars.

KOReader saves a book's settings, highlights and notes as a Lua program that
returns one table (``-- we can read Lua syntax here!`` then ``return { ... }``).
Running it would run whatever the file says, so it is parsed here instead, as
the literal it is meant to be: strings (with every escape Lua's ``%q`` and
hand edits produce, including long brackets), numbers (with the ``inf`` and
``nan`` LuaJIT's ``tostring`` writes), booleans, ``nil`` and nested tables with
``[key] =``, ``name =`` and positional entries; comments anywhere, as ``dump``
leaves them (``nil --[[ FUNCTION ]]``). Anything
else (a function call, an operator, a variable) is an error, not code to run.

The input is untrusted: nesting depth, size and entry counts are bounded, and
every failure is a :class:`LuaTableError` (never another exception, never a
hang), so a damaged sidecar is one line of warning.
"""

from __future__ import annotations

import re
from typing import Union

__all__ = ["MAX_DEPTH", "MAX_ENTRIES", "MAX_SIZE", "LuaTableError", "LuaValue", "parse_lua_table"]

MAX_SIZE = 16 * 1024 * 1024
"""Largest sidecar read, in bytes (one with 10,000 highlights is about 5 MB)."""

MAX_DEPTH = 32
"""Deepest nesting of tables accepted (KOReader's own files nest 4 deep)."""

MAX_ENTRIES = 1_000_000
"""Most values (of every table together) in one file."""

LuaValue = Union[str, int, float, bool, None, "LuaTable"]
LuaTable = dict[str | int | float | bool, LuaValue]

_NAME = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(
    rb"0[xX](?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?"
    rb"|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
_BLANK = re.compile(rb"\s+")
_LONG_OPEN = re.compile(rb"\[(=*)\[")
_PLAIN = {ord('"'): re.compile(rb'[^"\\\n]+'), ord("'"): re.compile(rb"[^'\\\n]+")}
_DECIMAL = re.compile(rb"[0-9]{1,3}")
_HEX = re.compile(rb"[0-9a-fA-F]{2}")
_CODE_POINT = re.compile(rb"\{([0-9a-fA-F]{1,8})\}")
_KEYWORDS = {b"true": True, b"false": False, b"nil": None}
_SPECIAL_NUMBERS = {b"inf": float("inf"), b"nan": float("nan")}
"""What LuaJIT's ``tostring`` writes for infinity and NaN (KOReader's ``dump`` uses it)."""
_SIMPLE_ESCAPES = {
    ord("n"): b"\n",
    ord("t"): b"\t",
    ord("r"): b"\r",
    ord("a"): b"\a",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("v"): b"\v",
    ord("\\"): b"\\",
    ord('"'): b'"',
    ord("'"): b"'",
    ord("\n"): b"\n",
}


class LuaTableError(ValueError):
    """The text is not a Lua table literal this parser accepts (or is too large)."""


def parse_lua_table(data: bytes | str) -> LuaTable:
    """Parse ``[comments] [return] { ... }`` into a dict.

    Positional entries get integer keys from 1, as in Lua; a ``nil`` value leaves
    its key out. Strings are decoded as UTF-8 (invalid bytes replaced).

    Args:
        data: The file's bytes (or text).

    Raises:
        LuaTableError: Anything else: a syntax error, code, too deep, too large.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_SIZE:
        raise LuaTableError(f"larger than {MAX_SIZE // 2**20} MB")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    parser = _Parser(raw)
    parser.skip()
    if parser.word(b"return"):
        parser.skip()
    if not parser.peek(b"{"):
        raise LuaTableError("expected a table ('return { ... }')")
    table = parser.table(0)
    parser.skip()
    if parser.pos != len(raw):
        raise LuaTableError(f"unexpected text after the table at byte {parser.pos}")
    return table


class _Parser:
    """A recursive-descent reader over bytes; ``pos`` is the next unread byte."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.pos = 0
        self.values = 0

    def fail(self, what: str) -> LuaTableError:
        return LuaTableError(f"{what} at byte {self.pos}")

    def skip(self) -> None:
        """Skip white space and comments."""
        self.pos = self.after_blank(self.pos)

    def after_blank(self, pos: int) -> int:
        """Where the white space and comments from ``pos`` end (``--`` to the end of
        the line, ``--[[ ... ]]`` long comments); each byte is looked at once."""
        raw = self.raw
        while True:
            blank = _BLANK.match(raw, pos)
            if blank is not None:
                pos = blank.end()
            if not raw.startswith(b"--", pos):
                return pos
            long_open = _LONG_OPEN.match(raw, pos + 2)
            if long_open is not None:
                close = raw.find(b"]" + long_open.group(1) + b"]", long_open.end())
                if close == -1:
                    self.pos = pos
                    raise self.fail("unterminated comment")
                pos = close + len(long_open.group(1)) + 2
            else:
                line_end = raw.find(b"\n", pos)
                pos = len(raw) if line_end == -1 else line_end + 1

    def peek(self, token: bytes) -> bool:
        return self.raw.startswith(token, self.pos)

    def word(self, name: bytes) -> bool:
        """Consume the keyword ``name`` if it is next (a whole word)."""
        match = _NAME.match(self.raw, self.pos)
        if match is not None and match.group() == name:
            self.pos = match.end()
            return True
        return False

    def expect(self, token: bytes) -> None:
        self.skip()
        if not self.peek(token):
            raise self.fail(f"expected {token.decode()!r}")
        self.pos += len(token)

    def table(self, depth: int) -> LuaTable:
        if depth >= MAX_DEPTH:
            raise self.fail(f"tables nested more than {MAX_DEPTH} deep")
        self.pos += 1  # the "{"
        table: LuaTable = {}
        position = 1
        while True:
            self.skip()
            if self.peek(b"}"):
                self.pos += 1
                return table
            key: str | int | float | bool | None
            if self.peek(b"[") and not _LONG_OPEN.match(self.raw, self.pos):
                self.pos += 1
                self.skip()
                found = self.value(depth + 1)
                if found is None or isinstance(found, dict):
                    raise self.fail("a table key must be a string, number or boolean")
                if isinstance(found, float) and found != found:
                    raise self.fail("a table key cannot be NaN")
                key = found
                self.expect(b"]")
                self.expect(b"=")
                self.skip()
            else:
                name = _NAME.match(self.raw, self.pos)
                after = name.end() if name is not None else self.pos
                after = self.after_blank(after)
                if (
                    name is not None
                    and name.group() not in _KEYWORDS
                    and self.raw.startswith(b"=", after)
                    and not self.raw.startswith(b"==", after)
                ):
                    key = name.group().decode("ascii")
                    self.pos = after + 1
                    self.skip()
                else:
                    key = None
            value = self.value(depth + 1)
            if key is None:
                key = position
                position += 1
            if value is not None:
                table[key] = value
            self.skip()
            if self.peek(b",") or self.peek(b";"):
                self.pos += 1
            elif not self.peek(b"}"):
                raise self.fail("expected ',' or '}'")

    def value(self, depth: int) -> LuaValue:
        self.values += 1
        if self.values > MAX_ENTRIES:
            raise self.fail(f"more than {MAX_ENTRIES:,} values")
        if self.pos >= len(self.raw):
            raise self.fail("unexpected end of file")
        first = self.raw[self.pos]
        if first == ord("{"):
            return self.table(depth)
        if first in (ord('"'), ord("'")):
            return self.quoted(first)
        if first == ord("["):
            return self.long_string()
        if first == ord("-"):
            self.pos += 1
            self.skip()
            number = self.number()
            return -number
        if first == ord(".") or ord("0") <= first <= ord("9"):
            return self.number()
        name = _NAME.match(self.raw, self.pos)
        if name is not None and name.group() in _KEYWORDS:
            self.pos = name.end()
            return _KEYWORDS[name.group()]
        if name is not None and name.group() == b"math":
            return self.math_constant()
        if name is not None and name.group() in _SPECIAL_NUMBERS:
            self.pos = name.end()
            return _SPECIAL_NUMBERS[name.group()]
        raise self.fail("expected a value (string, number, boolean, nil or table)")

    def math_constant(self) -> float:
        """``math.huge`` and ``-math.huge`` (infinity, as hand-written settings say it)."""
        if self.raw.startswith(b"math.huge", self.pos):
            self.pos += len(b"math.huge")
            return float("inf")
        raise self.fail("expected a value, found code")

    def number(self) -> int | float:
        match = _NUMBER.match(self.raw, self.pos)
        if match is None:
            if self.raw.startswith(b"math.huge", self.pos):
                return self.math_constant()
            name = _NAME.match(self.raw, self.pos)
            if name is not None and name.group() in _SPECIAL_NUMBERS:
                self.pos = name.end()
                return _SPECIAL_NUMBERS[name.group()]
            raise self.fail("expected a number")
        self.pos = match.end()
        text = match.group().decode("ascii")
        if _NAME.match(self.raw, self.pos):
            raise self.fail("malformed number")
        try:
            if text[:2] in ("0x", "0X"):
                return (
                    int(text, 16)
                    if "." not in text and "p" not in text.lower()
                    else (float.fromhex(text))
                )
            if any(c in text for c in ".eE"):
                return float(text)
            return int(text)
        except (ValueError, OverflowError):
            raise self.fail("malformed number") from None

    def quoted(self, quote: int) -> str:
        raw = self.raw
        out = bytearray()
        self.pos += 1
        while True:
            if self.pos >= len(raw):
                raise self.fail("unterminated string")
            char = raw[self.pos]
            if char == quote:
                self.pos += 1
                return out.decode("utf-8", "replace")
            if char == ord("\n"):
                raise self.fail("line break in a string")
            if char != ord("\\"):
                plain = _PLAIN[quote].match(raw, self.pos)
                assert plain is not None
                out += plain.group()
                self.pos = plain.end()
                continue
            self.pos += 1
            if self.pos >= len(raw):
                raise self.fail("unterminated string")
            self.escape(out)

    def escape(self, out: bytearray) -> None:
        """Decode the escape after a backslash (``pos`` at the character after it)."""
        raw = self.raw
        char = raw[self.pos]
        simple = _SIMPLE_ESCAPES.get(char)
        if simple is not None:
            self.pos += 1
            if char == ord("\n") and raw.startswith(b"\r", self.pos):
                self.pos += 1
            out += simple
        elif char == ord("\r"):
            self.pos += 1
            if raw.startswith(b"\n", self.pos):
                self.pos += 1
            out += b"\n"
        elif ord("0") <= char <= ord("9"):
            match = _DECIMAL.match(raw, self.pos)
            assert match is not None
            code = int(match.group())
            if code > 255:
                raise self.fail("decimal escape too large")
            self.pos = match.end()
            out.append(code)
        elif char == ord("x"):
            digits = raw[self.pos + 1 : self.pos + 3]
            if not _HEX.fullmatch(digits):
                raise self.fail("malformed \\x escape")
            out.append(int(digits, 16))
            self.pos += 3
        elif char == ord("z"):
            self.pos += 1
            while self.pos < len(raw) and raw[self.pos] in b" \t\r\n\f\v":
                self.pos += 1
        elif char == ord("u"):
            match = _CODE_POINT.match(raw, self.pos + 1)
            if match is None:
                raise self.fail("malformed \\u escape")
            code = int(match.group(1), 16)
            if code > 0x10FFFF:
                raise self.fail("\\u escape out of range")
            out += chr(code).encode("utf-8", "surrogatepass")
            self.pos = match.end()
        else:
            raise self.fail("invalid escape in a string")

    def long_string(self) -> str:
        """``[[ ... ]]`` or ``[==[ ... ]==]``: no escapes; a first line break is dropped."""
        match = _LONG_OPEN.match(self.raw, self.pos)
        if match is None:
            raise self.fail("expected a value")
        close = b"]" + match.group(1) + b"]"
        end = self.raw.find(close, match.end())
        if end == -1:
            raise self.fail("unterminated long string")
        body = self.raw[match.end() : end]
        if body.startswith(b"\r\n"):
            body = body[2:]
        elif body.startswith(b"\n"):
            body = body[1:]
        self.pos = end + len(close)
        return body.decode("utf-8", "replace")
