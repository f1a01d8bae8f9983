"""Annotations read from W3C Web Annotation JSON and Hypothesis exports.

Import reads a collection written by :mod:`reader.export.webannotation`, a bare
list of annotations, or a Hypothesis export (``{"annotations": [...]}`` or the
API's ``{"rows": [...]}``, with ``text``, ``tags`` and ``target[].selector[]``).
Foreign annotations usually select a phrase; it is located in the document and
the annotation attached to the paragraph that holds it. Everything read is
untrusted: strings are cleaned of control characters and malformed entries are
counted and skipped, never half-imported.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import orjson

from reader.anchors import anchor_for, normalize
from reader.annotation import (
    COLORS,
    SCHEMA_VERSION,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    Selector,
    normalize_tag,
    utc_now,
)
from reader.export.errors import AnnotationFileError
from reader.export.passages import body_color, foreign_passage, own_passages
from reader.export.webannotation import CONTEXT_CHARS, DOCUMENT_EXTENSION, EXTENSION, SEPARATOR
from reader.importers.files import read_bytes
from reader.model import Document
from reader.reanchor import make_selector
from reader.sanitize import clean_line, clean_text

__all__ = [
    "ParsedAnnotations",
    "annotation_entries",
    "load_annotation_file",
    "named_document",
    "parse_web_annotations",
]

_MAX_PAGES = 10_000
"""Most pages of a collection followed."""
_ANCHOR = re.compile(r"[0-9a-f]{12}(?:-\d{1,9})?")
_MAX_COUNT = 10**9
"""Largest paragraph index, paragraph count or character offset taken from a file."""
_MAX_TEXT = 1_000_000
"""Longest note or quote taken from a file, in characters."""
_MAX_LINE = 10_000
"""Longest one-line field (a tag, a title, a path, a quote's context)."""
_MAX_ITEMS = 1_000
"""Most tags, bodies or section titles on one annotation."""
_DIGEST = re.compile(r"[0-9a-f]{32}")
_URN_UUID = re.compile(r"urn:uuid:([0-9a-fA-F-]{32,36})")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def load_annotation_file(path: Path) -> Any:
    """Read and decode a JSON annotation file.

    Raises:
        NotFoundError: There is no such file.
        AnnotationFileError: It is too large, not UTF-8, or not JSON.
    """
    data = read_bytes(path, error=AnnotationFileError)
    with contextlib.suppress(orjson.JSONDecodeError):
        # Three times faster; what it refuses (a number no float holds, a lone
        # surrogate, bad UTF-8, deep nesting) goes to the standard library, whose
        # errors say where the problem is.
        return orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AnnotationFileError(
            f"{path}: not UTF-8 text, so not a JSON annotation file"
        ) from None
    except json.JSONDecodeError as error:
        raise AnnotationFileError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise AnnotationFileError(f"{path}: JSON nested too deeply to be annotations") from None


def named_document(data: Any) -> str | None:
    """The local file an annotation file says it annotates, if it names one.

    Looks at reader's ``reader:document`` path first, then at each target's
    ``source`` (and Hypothesis's ``uri``) for a ``file:`` URI.
    """
    if isinstance(data, dict):
        described = data.get(DOCUMENT_EXTENSION)
        if isinstance(described, dict) and isinstance(described.get("path"), str):
            path = clean_line(described["path"])
            if path:
                return path
    try:
        items = list(_items(data))
    except AnnotationFileError:
        return None
    for item in items:
        if not isinstance(item, dict):
            continue
        for source in _sources(item):
            parsed = urlparse(source)
            if parsed.scheme == "file":
                return clean_line(url2pathname(unquote(parsed.path)))
    return None


def _sources(item: dict[str, Any]) -> Iterator[str]:
    for target in _as_list(item.get("target")):
        if isinstance(target, str):
            yield target
        elif isinstance(target, dict):
            yield from (s for s in _as_list(target.get("source")) if isinstance(s, str))
    if isinstance(item.get("uri"), str):
        yield item["uri"]


# --- import ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedAnnotations:
    """What an annotation file held.

    Attributes:
        annotations: The annotations read, ready for ``AnnotationStore.import_annotations``.
        skipped: Entries left out: not annotations of text (page notes, replies)
            or malformed.
        malformed: Of those, entries with a field of the wrong type, out of
            range or too large.
    """

    annotations: list[Annotation]
    skipped: int
    malformed: int = 0


class _Invalid(ValueError):
    """An entry of the file does not have the shape it claims (or a field is out of range)."""


class _NotText(_Invalid):
    """An entry that is well formed but not an annotation of text (a page note, a reply)."""


def parse_web_annotations(data: Any, doc: Document) -> ParsedAnnotations:
    """Turn decoded JSON into annotations on ``doc``.

    Reader's own exports come back exactly as written (same ids, kinds, anchors,
    notes, tags, times and selectors). Annotations from other tools get an id
    derived from theirs (so importing twice adds nothing twice) and are attached
    to the paragraph that holds their quoted text, when one does.

    Args:
        data: The decoded JSON (see :func:`load_annotation_file`).
        doc: The document the annotations belong to.

    Raises:
        AnnotationFileError: ``data`` is neither an annotation collection, a
            list of annotations, nor a Hypothesis export.
    """
    locator = _Locator(doc)
    reference = DocumentRef(
        id="",
        fingerprint=doc.fingerprint,
        path="" if doc.path is None else str(doc.path),
        title=doc.title,
    )
    annotations: list[Annotation] = []
    skipped = malformed = 0
    for item in _items(data):
        try:
            if not isinstance(item, dict):
                raise _Invalid("not an object")
            own = _own(item)
            annotations.append(own if own is not None else _foreign(item, locator, reference))
        except _Invalid as error:
            skipped += 1
            malformed += not isinstance(error, _NotText)
    return ParsedAnnotations(annotations, skipped, malformed)


def annotation_entries(data: Any) -> list[Any]:
    """The entries of an annotation file, unchecked (to tell an annotation file from other JSON).

    Raises:
        AnnotationFileError: ``data`` is neither an annotation collection, a
            list of annotations, nor a Hypothesis export.
    """
    return list(_items(data))


def _items(data: Any) -> Iterator[Any]:
    if isinstance(data, list):
        yield from data
        return
    if not isinstance(data, dict):
        raise AnnotationFileError("not an annotation file: expected a JSON object or list")
    if data.get("type") == "Annotation":
        yield data
        return
    for key in ("annotations", "rows", "items"):
        if isinstance(data.get(key), list):
            yield from data[key]
            return
    page = data.get("first")
    if isinstance(page, dict) or data.get("type") == "AnnotationCollection":
        for _ in range(_MAX_PAGES):
            if not isinstance(page, dict):
                return
            items = page.get("items")
            if isinstance(items, list):
                yield from items
            page = page.get("next")
        return
    raise AnnotationFileError(
        "not an annotation file: expected a Web Annotation collection, "
        "a list of annotations, or a Hypothesis export"
    )


def _own(item: dict[str, Any]) -> Annotation | None:
    """Reader's own annotation from its extension fields, or None if it has none.

    Raises:
        _Invalid: It has them, but one is of the wrong type, out of range or too
            large: the entry is skipped, not read as another tool's annotation
            (its other fields are no more trustworthy).
    """
    extension = item.get(EXTENSION)
    if not isinstance(extension, dict):
        return None
    try:
        document = _dict(extension.get("document"))
        raw = _dict(extension.get("selector"))
        neighbours = [
            clean_line(_str(n, _MAX_LINE)) for n in _list(raw.get("neighbours", ["", ""]))
        ]
        if len(neighbours) != 2:
            raise _Invalid("neighbours")
        selector = Selector(
            quote=clean_text(_str(raw.get("quote"), _MAX_TEXT)),
            prefix=clean_text(_str(raw.get("prefix", ""), _MAX_LINE)),
            suffix=clean_text(_str(raw.get("suffix", ""), _MAX_LINE)),
            index=_count(raw.get("index", 0)),
            paragraph_count=_count(raw.get("paragraph_count", 0)),
            section_path=tuple(
                clean_line(_str(t, _MAX_LINE)) for t in _list(raw.get("section_path", []))
            ),
            neighbours=(neighbours[0], neighbours[1]),
        )
        anchor = _str(extension.get("anchor"), _MAX_LINE)
        suggestion = extension.get("suggestion")
        if not _ANCHOR.fullmatch(anchor) or not (
            suggestion is None or (isinstance(suggestion, str) and _ANCHOR.fullmatch(suggestion))
        ):
            raise _Invalid("anchor")
        digest = extension.get("digest")
        if not (digest is None or (isinstance(digest, str) and _DIGEST.fullmatch(digest))):
            raise _Invalid("digest")
        identifier = _own_id(_str(extension.get("id"), _MAX_LINE))
        note, tags = _bodies(item)
        passage, lost_passage = own_passages(extension)
        color = extension.get("color")
        if color not in COLORS:
            color = body_color(_as_list(item.get("body")))
        return Annotation(
            id=identifier,
            document=DocumentRef(
                id=clean_line(_str(document.get("id", ""), _MAX_LINE)),
                fingerprint=clean_line(_str(document.get("fingerprint", ""), _MAX_LINE)),
                path=clean_line(_str(document.get("path", ""), _MAX_LINE)),
                title=clean_line(_str(document.get("title", ""), _MAX_LINE)),
            ),
            anchor=anchor,
            selector=selector,
            kind=AnnotationKind(_str(extension.get("kind"), _MAX_LINE)),
            note=note,
            tags=tags,
            created=_time(item.get("created")) or utc_now(),
            updated=_time(item.get("modified")) or utc_now(),
            status=AnchorStatus(
                _str(extension.get("status", AnchorStatus.ATTACHED.value), _MAX_LINE)
            ),
            suggestion=suggestion,
            schema=SCHEMA_VERSION,
            digest=digest,
            passage=passage,
            color=color,
            lost_passage=lost_passage,
        )
    except ValueError as error:  # also an unknown kind or status
        raise _Invalid(f"reader's own fields are damaged ({error})") from None


def _foreign(item: dict[str, Any], locator: _Locator, reference: DocumentRef) -> Annotation:
    """An annotation written by another tool (a W3C client, Hypothesis)."""
    quote_selector, position = _selectors(item)
    if quote_selector is None:
        raise _NotText("no TextQuoteSelector: not an annotation of text")
    exact = clean_text(_str(quote_selector.get("exact"), _MAX_TEXT))
    prefix = clean_text(_str(quote_selector.get("prefix", ""), _MAX_LINE))
    suffix = clean_text(_str(quote_selector.get("suffix", ""), _MAX_LINE))
    if not exact.strip():
        raise _NotText("empty quote")
    index = locator.locate(exact, prefix, position)
    passage = None
    if index is None:
        anchor = anchor_for(exact)
        selector = Selector(
            quote=exact,
            prefix=prefix[-CONTEXT_CHARS:],
            suffix=suffix[:CONTEXT_CHARS],
            paragraph_count=len(locator.doc.paragraphs),
        )
    else:
        anchor = locator.doc.paragraphs[index].anchor
        selector = make_selector(locator.doc, index)
        start = 0 if position is None else max(0, position - locator.offset(index))
        text = locator.doc.paragraphs[index].text
        passage = foreign_passage(text, exact, prefix, suffix, start)
    note, tags = _bodies(item)
    motivations = {m for m in _as_list(item.get("motivation")) if isinstance(m, str)}
    if "bookmarking" in motivations:
        kind = AnnotationKind.BOOKMARK
    elif note.strip():
        kind = AnnotationKind.NOTE
    else:
        kind = AnnotationKind.HIGHLIGHT
    created = _time(item.get("created")) or utc_now()
    return Annotation(
        id=_foreign_id(item),
        document=reference,
        anchor=anchor,
        selector=selector,
        kind=kind,
        note=note,
        tags=tags,
        created=created,
        updated=_time(item.get("modified", item.get("updated"))) or created,
        passage=passage,
        color=body_color(_as_list(item.get("body"))),
    )


def _selectors(item: dict[str, Any]) -> tuple[dict[str, Any] | None, int | None]:
    """The first TextQuoteSelector of the item's targets and a TextPositionSelector start."""
    quote_selector: dict[str, Any] | None = None
    position: int | None = None
    for target in _as_list(item.get("target")):
        if not isinstance(target, dict):
            continue
        for selector in _as_list(target.get("selector")):
            if not isinstance(selector, dict):
                continue
            kind = selector.get("type")
            if kind == "TextQuoteSelector" and quote_selector is None:
                quote_selector = selector
            elif kind == "TextPositionSelector" and position is None:
                start = selector.get("start")
                if isinstance(start, int) and not isinstance(start, bool) and start >= 0:
                    position = _count(start)
        if quote_selector is not None:
            break
    return quote_selector, position


def _bodies(item: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The note (commenting bodies, ``bodyValue`` or Hypothesis ``text``) and the tags."""
    notes: list[str] = []
    tags: list[str] = []
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    bodies = _as_list(item.get("body"))
    listed_tags = [t for t in _as_list(item.get("tags")) if isinstance(t, str)]
    if len(bodies) + len(listed_tags) > _MAX_ITEMS:
        raise _Invalid("too many bodies or tags")
    for body in bodies:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a body that is only an IRI carries no text
        if not body["value"]:
            continue  # an empty body that only carries a colour
        purposes = _as_list(body.get("purpose"))
        (tags if "tagging" in purposes else notes).append(body["value"])
    if isinstance(item.get("text"), str) and item["text"]:
        notes.append(item["text"])
    tags += listed_tags
    unique: dict[str, str] = {}
    for tag in tags:
        cleaned = clean_line(_str(tag, _MAX_LINE))
        if cleaned:
            unique.setdefault(normalize_tag(cleaned), cleaned)
    if sum(map(len, notes)) > _MAX_TEXT:
        raise _Invalid("note too long")
    return clean_text("\n\n".join(notes)), tuple(unique.values())


def _own_id(raw: str) -> str:
    """The id of one of reader's own annotations: kept if it is a UUID, else derived from it.

    Ids name index shards in the store, so only the canonical UUID form is taken
    as is; anything else (``/q-escape``, ``../../..``) becomes a UUID derived from
    it, the same on every import, so importing twice still adds nothing twice.
    """
    if _UUID.fullmatch(raw):
        return raw.lower()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reader-import:id:{raw}"))


def _foreign_id(item: dict[str, Any]) -> str:
    """A stable UUID for an annotation made elsewhere (the same on every import)."""
    raw = item.get("id")
    if isinstance(raw, str) and raw and len(raw) <= _MAX_LINE:
        found = _URN_UUID.fullmatch(raw)
        if found:
            try:
                return str(uuid.UUID(found.group(1)))
            except ValueError:
                pass
        return str(uuid.uuid5(uuid.NAMESPACE_URL, raw))
    content = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reader-import:{content}"))


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > _MAX_LINE:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid("expected an object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Invalid("expected a list")
    return value


def _str(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise _Invalid("expected a string")
    if len(value) > limit:
        raise _Invalid(f"a string longer than {limit:,} characters")
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_COUNT:
        raise _Invalid(f"expected an integer from 0 to {_MAX_COUNT:,}")
    return value


class _Locator:
    """Finds the paragraph holding a quoted phrase (normalised, as anchors are)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._joined: str | None = None
        self._starts: list[int] = []
        self._offsets: list[int] = []

    def _index(self) -> str:
        if self._joined is None:
            normalized = [normalize(p.text) for p in self.doc.paragraphs]
            self._starts = [0, *accumulate(len(t) + 1 for t in normalized)]
            texts = [p.text for p in self.doc.paragraphs]
            self._offsets = [0, *accumulate(len(t) + len(SEPARATOR) for t in texts)]
            self._joined = "\x00".join(normalized)
        return self._joined

    def locate(self, exact: str, prefix: str, position: int | None) -> int | None:
        """Index of the paragraph holding ``exact``, or None if no paragraph does.

        When several do, the one whose text before the phrase matches ``prefix``
        wins, then the one nearest ``position`` (a character offset), then the first.
        """
        first_line = next((line for line in exact.split("\n") if line.strip()), "")
        needle = ""
        candidates: list[int] = []
        for attempt in (exact, first_line):  # the first line: a selection across paragraphs
            needle = normalize(attempt)
            candidates = self._containing(needle) if needle else []
            if candidates:
                break
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if prefix.strip():
            probe = normalize(f"{prefix} {needle}")
            narrowed = [i for i in candidates if probe in self._around(i)]
            candidates = narrowed or candidates
        if position is not None:
            return min(candidates, key=lambda i: abs(self._offsets[i] - position))
        return candidates[0]

    def offset(self, index: int) -> int:
        """Where paragraph ``index`` starts in the text position selectors count in."""
        self._index()
        return self._offsets[index]

    def _containing(self, needle: str) -> list[int]:
        joined = self._index()
        candidates: list[int] = []
        found = joined.find(needle)
        while found != -1:
            paragraph = bisect_right(self._starts, found) - 1
            candidates.append(paragraph)
            found = joined.find(needle, self._starts[paragraph + 1])
        return candidates

    def _around(self, index: int) -> str:
        """The normalised paragraph ``index`` preceded by the one before it."""
        assert self._joined is not None
        start = self._starts[max(0, index - 1)]
        return self._joined[start : self._starts[index + 1]].replace("\x00", " ")
