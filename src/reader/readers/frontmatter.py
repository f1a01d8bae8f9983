"""YAML front matter (the ``---`` block atop a Markdown file) turned into :class:`Metadata`.

Front matter is written by hand and by static-site generators, so it is often
sloppy: a bare string, a list, a key with no value, tabs, a date YAML reads as a
``datetime``, occasionally a deliberately hostile alias bomb. None of that may
stop a document from opening: what parses becomes metadata, what does not is kept
as text in :attr:`Metadata.extra` so no word of it is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reader.model import Metadata

__all__ = ["apply_front_matter"]

_TITLE = ("title",)
_AUTHORS = ("authors", "author")
_DATE = ("date",)
_LANGUAGE = ("language", "lang")
_SOURCE = ("source", "url")

_MAX_NODES = 10_000
"""Values converted per document: YAML aliases can make a tiny file expand without bound."""
_MAX_DEPTH = 32


def apply_front_matter(raw: str, metadata: Metadata) -> None:
    """Fill ``metadata`` from the YAML text of a front-matter block.

    Known keys fill the typed fields (``title``; ``author``/``authors``; ``date``;
    ``language``/``lang``; ``source``/``url``); every other key goes into
    :attr:`Metadata.extra` with a JSON-compatible value. YAML that does not parse,
    or that is not a mapping, is kept verbatim as ``extra["front_matter"]``.

    Args:
        raw: The text between the ``---`` fences.
        metadata: Updated in place.
    """
    import yaml  # imported here: only documents with front matter need it

    # PyYAML's C safe loader is ~10x faster; the pure-Python safe loader is the fallback.
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw, Loader=loader)
    except (yaml.YAMLError, RecursionError, ValueError):
        data = None
    if not isinstance(data, dict):
        if raw.strip():
            metadata.extra["front_matter"] = raw.strip()
        return
    budget = [_MAX_NODES]
    fields = {str(key).strip().lower(): value for key, value in data.items()}
    used: set[str] = set()

    def take(names: tuple[str, ...]) -> Any:
        for name in names:
            if name in fields:
                used.add(name)  # an empty value is dropped, not moved into extra
                if fields[name] is not None:
                    return fields[name]
        return None

    title = take(_TITLE)
    if title is not None:
        metadata.title = _as_text(title, budget)
    authors = take(_AUTHORS)
    if authors is not None:
        metadata.authors = _as_names(authors, budget)
    date = take(_DATE)
    if date is not None:
        metadata.date = _as_date(date, budget)
    language = take(_LANGUAGE)
    if language is not None:
        metadata.language = _as_text(language, budget)
    source = take(_SOURCE)
    if source is not None:
        metadata.source = _as_text(source, budget)
    for key, value in data.items():
        if str(key).strip().lower() not in used:
            metadata.extra[str(key)] = _jsonable(value, budget, 0)


def _as_text(value: Any, budget: list[int]) -> str:
    converted = _jsonable(value, budget, 0)
    if isinstance(converted, list):
        return ", ".join(str(item) for item in converted)
    return str(converted)


def _as_names(value: Any, budget: list[int]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:_MAX_NODES]:
        if isinstance(item, dict) and "name" in item:
            item = item["name"]
        text = _as_text(item, budget).strip()
        if text:
            names.append(text)
    return names


def _as_date(value: Any, budget: list[int]) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _as_text(value, budget)


def _jsonable(value: Any, budget: list[int], depth: int) -> Any:
    """Convert a YAML value to JSON-compatible data, bounded in size and depth."""
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        return "…"
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item, budget, depth + 1) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
