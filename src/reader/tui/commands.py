"""Command palette providers: the screen's actions, and a search across all notes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from reader.annotation import KINDS, Annotation
from reader.errors import ReaderError
from reader.sanitize import for_terminal
from reader.tui.note_search import Tier, document_labels, literal_match, score
from reader.tui.writer import report_store_problem

if TYPE_CHECKING:
    from reader.store import AnnotationStore

__all__ = ["NotesApp", "NotesProvider"]

_MAX_HITS = 40
_EXCERPT = 80


@runtime_checkable
class NotesApp(Protocol):
    """What the provider needs of the app: its store, and a way to open an annotation.

    The app (:class:`~reader.tui.app.ReaderApp`) lists this module's provider, so
    this module names what it uses rather than importing the app back.
    """

    store: AnnotationStore

    def open_annotation(self, annotation: Annotation) -> None:
        """Show an annotation's paragraph, opening its document if needed."""


class NotesProvider(Provider):
    """Finds notes, tags and quoted text across every document in the store.

    Choosing a hit opens its document at the annotated paragraph. Note text is
    untrusted, so hits are built from :class:`~rich.text.Text` and escaped help
    strings (the palette reads plain strings as markup), after the output check.
    """

    @property
    def reader_app(self) -> NotesApp:
        """The app, with its store."""
        app = self.app
        assert isinstance(app, NotesApp)
        return app

    async def search(self, query: str) -> Hits:
        """Hits for ``query`` among all annotations' notes, tags, quotes and documents.

        Notes holding the query's words come first (see
        :mod:`reader.tui.note_search`), fuzzy matches after; each hit names its
        document.
        """
        matcher = self.matcher(query)
        annotations = self._annotations()
        labels = document_labels(a.document for a in annotations)
        for annotation in annotations:
            label = labels[annotation.document.id]
            text = _searchable(annotation, label)
            literal = literal_match(query, text)
            fuzzy = 0.0 if literal is not None else matcher.match(text)
            if literal is None and fuzzy <= 0:
                continue
            display = self._display(annotation)
            if literal is not None:
                words = [query] if literal.tier > Tier.ALL_WORDS else query.split()
                display.highlight_words(words, matcher.match_style.rich_style, case_sensitive=False)
            yield Hit(
                score(literal, fuzzy),
                display,
                partial(self.reader_app.open_annotation, annotation),
                text=text,
                help=self._help(label),
            )

    async def discover(self) -> Hits:
        """An entry point when the palette opens: the most recent notes."""
        annotations = self._annotations()
        labels = document_labels(a.document for a in annotations)
        recent = sorted(annotations, key=lambda a: a.updated, reverse=True)
        for annotation in recent[:_MAX_HITS]:
            yield DiscoveryHit(
                self._display(annotation),
                partial(self.reader_app.open_annotation, annotation),
                text=_flat(annotation.note or annotation.selector.quote),
                help=self._help(labels[annotation.document.id]),
            )

    def _annotations(self) -> list[Annotation]:
        try:
            return self.reader_app.store.annotations()
        except ReaderError as error:
            report_store_problem(self.app, error)
            return []

    @staticmethod
    def _display(annotation: Annotation) -> Text:
        display = Text("Note: " if annotation.note else f"{KINDS[annotation.kind].name}: ")
        display.append(_excerpt(annotation.note or annotation.selector.quote))
        for tag in annotation.tags:
            display.append(f"  #{for_terminal(tag, one_line=True)}", style="bold")
        return display

    @staticmethod
    def _help(label: str) -> str:
        """The line under a hit: the document it is in (the palette reads it as markup)."""
        return escape(for_terminal(f"in {label}", one_line=True))


def _searchable(annotation: Annotation, label: str) -> str:
    """What the search looks in: note, tags, the start of the quote, the document."""
    quote = annotation.selector.quote[:200]
    return _flat(" ".join((annotation.note, *annotation.tags, quote, label)))


def _flat(text: str) -> str:
    """``text`` on one line, passed through the output check (notes may hold anything)."""
    return for_terminal(" ".join(text.split()), one_line=True)


def _excerpt(text: str) -> str:
    flat = _flat(text)
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"
