"""Command palette providers: the screen's actions, and a search across all notes."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from reader.annotation import KINDS, Annotation
from reader.errors import ReaderError
from reader.sanitize import for_terminal
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
        """Hits for ``query`` among all annotations' notes, tags, quotes and titles."""
        matcher = self.matcher(query)
        for annotation, text in self._candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    self._display(annotation),
                    partial(self.reader_app.open_annotation, annotation),
                    text=text,
                    help=self._help(annotation),
                )

    async def discover(self) -> Hits:
        """An entry point when the palette opens: the most recent notes."""
        recent = sorted(self._annotations(), key=lambda a: a.updated, reverse=True)
        for annotation in recent[:_MAX_HITS]:
            yield DiscoveryHit(
                self._display(annotation),
                partial(self.reader_app.open_annotation, annotation),
                text=_flat(annotation.note or annotation.selector.quote),
                help=self._help(annotation),
            )

    def _annotations(self) -> list[Annotation]:
        try:
            return self.reader_app.store.annotations()
        except ReaderError as error:
            report_store_problem(self.app, error)
            return []

    def _candidates(self) -> Iterator[tuple[Annotation, str]]:
        for annotation in self._annotations():
            text = " ".join((annotation.note, *annotation.tags, annotation.selector.quote[:200]))
            yield annotation, _flat(text)

    @staticmethod
    def _display(annotation: Annotation) -> Text:
        display = Text("Note: " if annotation.note else f"{KINDS[annotation.kind].name}: ")
        display.append(_excerpt(annotation.note or annotation.selector.quote))
        for tag in annotation.tags:
            display.append(f"  #{for_terminal(tag, one_line=True)}", style="bold")
        return display

    @staticmethod
    def _help(annotation: Annotation) -> str:
        return escape(for_terminal(f"in {annotation.document.title}", one_line=True))


def _flat(text: str) -> str:
    """``text`` on one line, passed through the output check (notes may hold anything)."""
    return for_terminal(" ".join(text.split()), one_line=True)


def _excerpt(text: str) -> str:
    flat = _flat(text)
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"
