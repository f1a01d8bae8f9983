"""The document view's links: choosing one on screen, following it, coming back.

Owned by :class:`~reader.tui.widgets.document_view.DocumentView`, whose link keys
(``document_keys.py``) and clicks land here. An internal link (or a footnote
marker) jumps within the document and remembers where the reader was, for the
back key; an external one goes to the system opener, or where there is none
(no display, a remote session) is copied to the clipboard (OSC 52) and shown.
What is worked out from the layout lives in :mod:`reader.tui.links`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.model import ParagraphKind
from reader.sanitize import for_terminal
from reader.tui import links
from reader.tui.links import JumpList, LinkRef, link_at, links_in_view, step_link, target_paragraph

if TYPE_CHECKING:
    from reader.tui.widgets.document_view import DocumentView

__all__ = ["DocumentLinks"]

_METHODS = frozenset({"next", "previous", "follow", "back", "footnote"})
_SHOWN_URL = 200  # characters of a URL a notification shows


class DocumentLinks:
    """The selected link and the jump list of one document view.

    Args:
        view: The view whose links these are.
    """

    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self.jumps = JumpList()

    @property
    def selected(self) -> LinkRef | None:
        """The link chosen with the next/previous-link keys (drawn reversed)."""
        return self._view.selected_link

    def run(self, method: str) -> None:
        """Run a link key's method: next, previous, follow, back or footnote."""
        if method in _METHODS:
            getattr(self, method)()

    def next(self) -> None:
        """Choose the next link on screen (``l``)."""
        self._step(1)

    def previous(self) -> None:
        """Choose the previous link on screen (``L``)."""
        self._step(-1)

    def follow(self) -> bool:
        """Follow the chosen link; False when none is chosen in the current paragraph."""
        selected = self.selected
        if selected is None or selected.paragraph != self._view.current:
            return False
        self._follow(selected)
        return True

    def back(self) -> None:
        """Go back to where the last link was followed from (``'``, ctrl+o)."""
        place = self.jumps.pop()
        view = self._view
        if place is None:
            view.notify("No link followed yet", timeout=2, markup=False)
            return
        view.select_link(None)
        view.goto(place.paragraph)
        view.scroll_to(y=place.scroll_y, animate=False, immediate=True, force=True)

    def footnote(self) -> None:
        """From a footnote marker to its note (``f``); on the note, back to the marker.

        The marker is the chosen link if it is one, else the current paragraph's
        first; on a footnote reached that way, the key comes back.
        """
        view = self._view
        document = view.document
        if not document.paragraphs:
            return
        selected = self.selected
        paragraph = document.paragraphs[view.current]
        if (
            selected is not None
            and selected.paragraph == view.current
            and selected.link(document).note
        ):
            self._follow(selected)
            return
        for index, link in enumerate(paragraph.links):
            if link.note:
                self._follow(LinkRef(paragraph.index, index))
                return
        if paragraph.kind is ParagraphKind.FOOTNOTE and self.jumps.peek() is not None:
            self.back()
            return
        view.notify("No footnote marker in this paragraph", timeout=2, markup=False)

    def click(self, line: int, column: int) -> bool:
        """Follow the link at ``column`` of document ``line``; False when there is none."""
        view = self._view
        ref = link_at(view.document, view.document_layout, line, column)
        if ref is None:
            return False
        view.current = ref.paragraph
        view.select_link(ref)
        self._follow(ref)
        return True

    def forget(self) -> None:
        """A new document: no link chosen, nowhere to come back to."""
        self._view.selected_link = None
        self.jumps = JumpList()

    # -- helpers -------------------------------------------------------------------

    def _step(self, step: int) -> None:
        view = self._view
        height = view.scrollable_content_region.height
        in_view = links_in_view(view.document, view.document_layout, int(view.scroll_y), height)
        ref = step_link(in_view, self.selected, view.current, step)
        if ref is None:
            view.notify("No links on screen", timeout=2, markup=False)
            return
        view.select_link(ref)
        if view.current != ref.paragraph:
            view.current = ref.paragraph
        link = ref.link(view.document)
        view.notify(self._describe(link.target), timeout=3, markup=False)

    def _describe(self, target: str) -> str:
        """Where a link leads, for a notification: a URL, or the section of a paragraph."""
        document = self._view.document
        if not target.startswith("#"):
            return "→ " + for_terminal(target[:_SHOWN_URL], one_line=True) + " (Enter opens)"
        paragraph = document.paragraph_by_anchor(target[1:])
        if paragraph is None:
            return "→ nowhere"
        path = document.section_path(paragraph.section)
        where = path[-1] if path else document.title
        return f"→ {where} (Enter follows)"

    def _follow(self, ref: LinkRef) -> None:
        view = self._view
        link = ref.link(view.document)
        paragraph = target_paragraph(view.document, link)
        if link.internal:
            if paragraph is None:
                return
            self.jumps.push(view.current, int(view.scroll_y))
            view.select_link(None)
            view.goto(paragraph)
            view.notify("' comes back", timeout=2, markup=False)
            return
        url = link.target
        shown = for_terminal(url[:_SHOWN_URL], one_line=True)
        if links.open_url(url):
            view.notify(f"Opening {shown}", timeout=3, markup=False)
        else:
            view.app.copy_to_clipboard(url)
            view.notify(f"No browser to open it here; copied the link: {shown}", markup=False)
