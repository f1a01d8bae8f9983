"""Drawing the document view's lines: headings, paragraphs, code, gutter, marks and overview.

:class:`~reader.tui.widgets.document_view.DocumentView` renders only the lines on
screen; this base class of it turns the few visible blocks of its layout into
styled strips (cached per block), beside a gutter (current-paragraph bar,
annotation mark) and the overview strip at the right edge (where annotations and
search hits are), and keeps the marks it draws (:meth:`DocumentLines.set_marks`).

Document text is untrusted: strips are built from plain-string
:class:`~rich.segment.Segment` objects, never from markup.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.css.model import RuleSet
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip

from reader.annotation import KINDS, AnnotationKind
from reader.config import DEFAULT_TEXT_WIDTH
from reader.model import Document, Paragraph, ParagraphKind
from reader.tui.document_search import SearchHits
from reader.tui.layout import (
    MORE_LEFT,
    MORE_RIGHT,
    Block,
    BlockKind,
    DocumentLayout,
    cell_width,
    cut_sides,
    paragraph_prefixes,
    verbatim_lines,
    wrap,
)
from reader.tui.links import LinkRef, hyperlinks_shown, layer_spans
from reader.tui.paragraph_marks import ParagraphMarks
from reader.tui.textual_compat import CompatScrollView
from reader.tui.widgets.passage_spans import PassageSpans

__all__ = [
    "CURRENT_BAR",
    "GUTTER_WIDTH",
    "OVERVIEW_HIT",
    "OVERVIEW_MARK",
    "OVERVIEW_WIDTH",
    "DocumentLines",
]

GUTTER_WIDTH = 3
"""Current-paragraph bar, annotation mark, one space."""
OVERVIEW_WIDTH = 1
"""The annotation overview strip at the right edge."""
CURRENT_BAR = "▌"
"""Drawn beside the current paragraph so it shows without colour (NO_COLOR, TERM=linux).

Every glyph the view draws is in the Linux console's font (code page 437) too."""
OVERVIEW_MARK = "▐"
OVERVIEW_HIT = "─"
_VERBATIM = (ParagraphKind.CODE, ParagraphKind.TABLE)
_STRIP_CACHE_SIZE = 512


class DocumentLines(CompatScrollView):
    """Draws a :class:`~reader.tui.widgets.document_view.DocumentView`, one screen line at a time.

    Every style comes from the view's component classes (``document-view--*``),
    worked out once and kept until the styles change.
    """

    current: reactive[int] = reactive(0, init=False, repaint=False)
    """Index of the current (highlighted) paragraph: what annotation keys act on."""

    max_text_width: reactive[int] = reactive(DEFAULT_TEXT_WIDTH, init=False)
    """Widest text column, in cells; narrower terminals wrap to what fits."""

    def __init__(
        self,
        document: Document,
        *,
        text_width: int = DEFAULT_TEXT_WIDTH,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(DocumentLines.max_text_width, text_width)
        self.document = document
        self.document_layout = DocumentLayout(document, self.max_text_width)
        self._marks = ParagraphMarks(len(document.paragraphs))
        self._hits = SearchHits(document)
        self._strips: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(_STRIP_CACHE_SIZE)
        self.passages = PassageSpans()
        """The passages annotated and the selection, drawn on the text."""
        self._styles: dict[str, Style] = {}
        self._base: Style | None = None
        self._overview_cache: tuple[tuple[int, ...], list[tuple[str, Style]]] | None = None
        """The overview strip's rows, with what they were worked out for."""
        self._overview_track: list[tuple[str, Style]] = []
        """The strip's rows without marks (search hits only): what a row shows when it
        loses its last mark (see :meth:`set_mark`)."""
        self._overview_generation = 0
        self.selected_link: LinkRef | None = None
        """The link chosen with the link keys, drawn apart (see :meth:`select_link`)."""

    def _take_document(self, document: Document, layout: DocumentLayout) -> None:
        """Draw ``document`` from now on, laid out by ``layout``: no marks, no hits yet."""
        self.document = document
        self.document_layout = layout
        self._marks = ParagraphMarks(len(document.paragraphs))
        self._hits = SearchHits(document)
        self._strips.clear()
        self._overview_generation += 1

    def _current_block(self) -> int:
        if not self.document.paragraphs:
            return 0
        return self.document_layout.paragraph_block[self.current]

    _styled_by: tuple[RuleSet, ...] = ()
    """The stylesheet rules that can style the component classes, when they were styled."""
    _look: tuple[Style, tuple[Color, Color]] | None = None
    """The view's own style and backgrounds when its strips were styled."""

    def restyled(self, component_classes: frozenset[str]) -> None:
        """Textual restyled the view: style its component classes again only if their rules changed.

        Textual styles every component class of a widget (a virtual node and a
        full rule match each: 7 ms for the view's 21) whenever it restyles the
        widget: before the first frame, as each new widget class adds its CSS,
        and on every focus change. A screen of text draws with a handful of them.
        Here each is styled on first use (:meth:`component_styles`, see
        :mod:`reader.tui.textual_compat`) and kept until the rules that name
        them change (a theme change parses every rule anew). Their styles depend
        only on those rules: no rule for them may look at focus or at other
        widgets' classes.
        """
        rules_map = self.app.stylesheet.rules_map
        names = ("*", "DOMNode", *(f".{name}" for name in sorted(component_classes)))
        rules = tuple(rule for name in names for rule in rules_map.get(name, ()))
        styled_by = self._styled_by
        if len(rules) != len(styled_by) or not all(map(operator.is_, rules, styled_by)):
            self._styled_by = rules
            self.forget_component_styles()
            self._forget_styles()

    # -- marks ---------------------------------------------------------------------

    def set_marks(self, marks: Mapping[int, AnnotationKind]) -> None:
        """Show annotation marks: a glyph in the gutter and a tick in the overview strip.

        Args:
            marks: Paragraph index to the kind of its annotation (the app decides
                which kind wins when a paragraph has several).
        """
        self._marks.replace(marks)
        self._overview_generation += 1
        self.refresh()

    def set_mark(self, index: int, kind: AnnotationKind | None) -> None:
        """Change one paragraph's mark (``None``: no mark), redrawing only what shows it.

        Annotating one paragraph of a book marked 10,000 times would otherwise
        place every mark in the overview strip again and repaint the whole view.

        Args:
            index: The paragraph.
            kind: The kind its mark shows, or ``None`` to remove it.
        """
        if not self._marks.set(index, kind):
            return
        layout = self.document_layout
        block = layout.paragraph_block[index]
        self.refresh_lines(layout.block_top(block))  # the gutter glyph
        self._update_overview_row(index)

    def _update_overview_row(self, paragraph: int) -> None:
        """Show the mark (or its absence) of ``paragraph`` in the overview strip's cached rows."""
        cache = self._overview_cache
        height = self.scrollable_content_region.height
        total = self.document_layout.total_lines
        if cache is None or cache[0] != self._overview_key(height) or total <= 0 or height <= 0:
            return  # worked out afresh, with the new mark, when next painted
        row = self._overview_row(paragraph, height, total)
        marked = self._marks.ordered
        shown = bisect_right(marked, row, key=lambda p: self._overview_row(p, height, total))
        rows = cache[1]
        last = marked[shown - 1] if shown else None
        if last is not None and self._overview_row(last, height, total) == row:
            rows[row] = (OVERVIEW_MARK, self._overview_mark_style(self._marks.kinds[last]))
        else:
            rows[row] = self._overview_track[row]
        self.refresh(Region(0, row, self.size.width, 1))

    def _overview_row(self, paragraph: int, height: int, total: int) -> int:
        """The overview strip's row that shows ``paragraph``."""
        layout = self.document_layout
        return min(
            layout.line_starts[layout.paragraph_block[paragraph]] * height // total, height - 1
        )

    def notify_style_update(self) -> None:
        """Restyled: drop the styled strips only if the view's own style changed.

        Textual calls this on every restyle, focus changes included, where
        rebuilding every strip on screen was a full repaint for nothing.
        """
        super().notify_style_update()
        look = (self.rich_style, self.background_colors)
        if look != self._look:
            self._look = look
            self._forget_styles()

    def _forget_styles(self) -> None:
        self._styles.clear()
        self._base = None
        self._strips.clear()
        self._overview_cache = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines asked for, the view's base style worked out once per frame."""
        self._base = None
        return super().render_lines(crop)

    def _base_style(self) -> Style:
        """The view's own style (colours inherited through the screen), for this frame.

        Textual works ``rich_style`` out afresh at every access by walking the
        widget's ancestors; asked for on every line and gutter, it cost more than
        drawing the line.
        """
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _style(self, name: str) -> Style:
        """A component's style with translucent colours blended over the view's background.

        Rich colours have no alpha, so ``background: $primary 15%`` must be
        resolved here (Textual's partial styles would drop the 15 %).
        """
        style = self._styles.get(name)
        if style is None:
            styles = self.component_styles(f"document-view--{name}")
            below = self.background_colors[1]
            background = below + styles.background if styles.has_rule("background") else None
            color = (background or below) + styles.color if styles.has_rule("color") else None
            style = Style(
                color=None if color is None else color.rich_color,
                bgcolor=None if background is None else background.rich_color,
            )
            style += styles.text_style
            self._styles[name] = style
        return style

    def _margin(self, width: int) -> int:
        used = GUTTER_WIDTH + self.document_layout.width + OVERVIEW_WIDTH
        return max(0, (width - used) // 2)

    def render_line(self, y: int) -> Strip:
        """One screen line: margin, gutter, text, margin, overview strip."""
        base = self._base_style()
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        layout = self.document_layout
        overview_char, overview_style = self._overview_cell(y)
        if line >= layout.total_lines or not layout.blocks:
            text_line = Strip.blank(layout.width, base)
            if not layout.blocks and y == 0:
                text_line = self._text_strip("This document has no text.", self._style("fold"))
            gutter = [Segment(" " * GUTTER_WIDTH, base)]
        else:
            block = layout.block_at_line(line)
            offset = line - layout.block_top(block)
            strips = self._block_strips(block)
            if offset < len(strips):
                text_line = strips[offset]
                if layout.blocks[block].kind is BlockKind.PARAGRAPH and self._is_verbatim(block):
                    pad = self._style(self.document.paragraphs[layout.blocks[block].index].kind)
                    scroll_x = int(self.scroll_x)
                    cut = text_line.cell_length > layout.width
                    text_line = text_line.crop_extend(scroll_x, scroll_x + layout.width, pad)
                    if cut:
                        text_line = self._cut_marks(text_line, block, offset, pad)
                gutter = self._gutter(block, offset)
            else:
                text_line = Strip.blank(layout.width, base)
                gutter = [Segment(" " * GUTTER_WIDTH, base)]
        margin = self._margin(width)
        right = max(0, width - margin - GUTTER_WIDTH - layout.width - OVERVIEW_WIDTH)
        segments = [Segment(" " * margin, base), *gutter]
        segments.extend(text_line)
        segments.append(Segment(" " * right, base))
        segments.append(Segment(overview_char, base + overview_style))
        length = margin + GUTTER_WIDTH + text_line.cell_length + right + OVERVIEW_WIDTH
        strip = Strip(segments, length)
        return strip if length == width else strip.crop_extend(0, width, base)

    def _cut_marks(self, text_line: Strip, block: int, offset: int, pad: Style) -> Strip:
        """Mark the edges where a code or table line goes on beyond the pane (``‹``, ``›``)."""
        paragraph = self.document.paragraphs[self.document_layout.blocks[block].index]
        width = self.document_layout.width
        lines = verbatim_lines(paragraph.text)
        line = lines[offset] if offset < len(lines) else ""
        left, right = cut_sides(line, int(self.scroll_x), width)
        style = pad + self._style("fold")
        if right:
            text_line = Strip.join(
                [text_line.crop(0, width - 1), Strip([Segment(MORE_RIGHT, style)], 1)]
            )
        if left:
            text_line = Strip.join(
                [Strip([Segment(MORE_LEFT, style)], 1), text_line.crop(1, width)]
            )
        return text_line

    def _is_verbatim(self, block: int) -> bool:
        kind = self.document.paragraphs[self.document_layout.blocks[block].index].kind
        return kind in _VERBATIM

    def _gutter(self, block: int, offset: int) -> list[Segment]:
        base = self._base_style()
        target = self.document_layout.blocks[block]
        is_current = target.kind is not BlockKind.HEADING and block == self._current_block()
        bar = Segment(CURRENT_BAR, base + self._style("current-bar")) if is_current else None
        mark: Segment | None = None
        if offset == 0 and target.kind is not BlockKind.HEADING:
            marks = self._marks.kinds
            kinds = [marks[i] for i in range(target.index, target.end) if i in marks]
            if kinds:
                kind = kinds[0]
                style = self._style(f"gutter-{kind.value}")
                color = (
                    self.passages.color(target.index) if kind is AnnotationKind.HIGHLIGHT else None
                )
                if color is not None:
                    style = self._style(f"gutter-{color}")
                mark = Segment(KINDS[kind].glyph, base + style)
        return [
            bar or Segment(" ", base),
            mark or Segment(" ", base),
            Segment(" ", base),
        ]

    def _text_strip(self, text: str, style: Style) -> Strip:
        base = self._base_style()
        return Strip([Segment(text, base + style)]).crop_extend(0, self.document_layout.width, base)

    def _block_strips(self, block: int) -> list[Strip]:
        """The styled content lines of ``block`` (no gutter, no blank line), cached."""
        target = self.document_layout.blocks[block]
        is_current = target.kind is not BlockKind.HEADING and block == self._current_block()
        hits_key = self._hits.generation if self._hits.in_range(target.index, target.end) else -1
        if target.kind is BlockKind.HEADING:
            hits_key = -1
        passages = self.passages.key(target.index) if target.kind is BlockKind.PARAGRAPH else None
        key = (block, self.document_layout.width, is_current, hits_key, passages)
        strips = self._strips.get(key)
        if strips is None:
            if target.kind is BlockKind.HEADING:
                strips = self._heading_strips(target.index)
            elif target.kind is BlockKind.FOLD:
                strips = self._fold_strips(target, is_current)
            else:
                strips = self._paragraph_strips(self.document.paragraphs[target.index], is_current)
            self._strips[key] = strips
        return strips

    def _heading_strips(self, section: int) -> list[Strip]:
        base = self._base_style()
        heading = self.document.sections[section]
        style = base + self._style(f"heading-{min(heading.level, 3)}")
        width = self.document_layout.width
        strips = [
            _padded(
                [Segment(heading.title[start:end], style)],
                cell_width(heading.title[start:end]),
                width,
                base,
            )
            for start, end in self.document_layout.heading_lines(section)
        ]
        if self.document_layout.heading_has_rule(section):
            rule_width = max(
                cell_width(heading.title[s:e])
                for s, e in self.document_layout.heading_lines(section)
            )
            glyph = "═" if heading.level == 1 else "─"
            rule = Segment(glyph * max(rule_width, 1), base + self._style("rule"))
            strips.append(Strip([rule]).extend_cell_length(width, base))
        return strips

    def _fold_strips(self, fold: Block, is_current: bool) -> list[Strip]:
        count = fold.end - fold.index
        noun = "paragraph" if count == 1 else "paragraphs"
        if self.document_layout.is_expanded(fold):
            text = f"▼ {count} {noun} of page chrome (Enter folds)"
        else:
            text = f"► {count} {noun} of page chrome folded (Enter shows)"
        style = self._style("fold")
        if is_current:
            style += self._style("current")
        base = self._base_style()
        current_base = base + self._style("current") if is_current else base
        return [
            Strip([Segment(text, base + style)]).crop_extend(
                0, self.document_layout.width, current_base
            )
        ]

    def _paragraph_strips(self, paragraph: Paragraph, is_current: bool) -> list[Strip]:
        base = self._base_style()
        text_style = base
        if paragraph.kind in (ParagraphKind.QUOTE, ParagraphKind.CAPTION, *_VERBATIM):
            text_style += self._style(paragraph.kind.value)
        if paragraph.boilerplate:
            text_style += self._style("boilerplate")
        pad_style = text_style if paragraph.kind in _VERBATIM else base
        if is_current:
            current = self._style("current")
            text_style += current
            pad_style += current
        hits = self._hit_spans(paragraph.index, text_style)
        if paragraph.links:
            hits = self._link_spans(paragraph, text_style, hits)
        width = self.document_layout.width
        hits = self.passages.layered(
            paragraph.index, len(paragraph.text), hits, text_style, self._style
        )
        strips: list[Strip] = []
        if paragraph.kind in _VERBATIM:
            lines = verbatim_lines(paragraph.text)
            line_width = max(width, *(cell_len(line) for line in lines))
            offset = 0
            for line in lines:
                segments = _spans_to_segments(line, offset, 0, len(line), text_style, hits)
                strips.append(_padded(segments, cell_width(line), line_width, pad_style))
                offset += len(line) + 1
            return strips
        first_prefix, rest_prefix = paragraph_prefixes(paragraph)
        prefix_style = pad_style + self._style(
            "list-marker" if paragraph.kind is ParagraphKind.LIST_ITEM else "quote-bar"
        )
        text = paragraph.text
        prefix_width = cell_len(first_prefix)
        for number, (start, end) in enumerate(wrap(text, width - prefix_width)):
            prefix = first_prefix if number == 0 else rest_prefix
            segments = [Segment(prefix, prefix_style)] if prefix else []
            segments.extend(_spans_to_segments(text, 0, start, end, text_style, hits))
            used = prefix_width + cell_width(text[start:end])
            strips.append(_padded(segments, used, width, pad_style))
        return strips

    def _hit_spans(self, paragraph: int, text_style: Style) -> list[tuple[int, int, Style]]:
        spans = self._hits.spans_in(paragraph)
        if not spans:
            return []
        hit = text_style + self._style("hit")
        current_hit = text_style + self._style("hit-current")
        return [(start, end, current_hit if selected else hit) for start, end, selected in spans]

    def select_link(self, ref: LinkRef | None) -> None:
        """Draw ``ref`` as the chosen link (``None``: no link chosen)."""
        if ref != self.selected_link:
            self.selected_link = ref
            self._strips.clear()
            self.refresh()

    def _link_spans(
        self, paragraph: Paragraph, text_style: Style, hits: list[tuple[int, int, Style]]
    ) -> list[tuple[int, int, Style]]:
        """A paragraph's links underlined in the link colour, under the search hits.

        A URL is also an OSC 8 hyperlink (``Style(link=...)``) that terminals which
        support it let the reader open or copy (not on the Linux console, see
        :func:`~reader.tui.links.hyperlinks_shown`); it was made safe for that where
        it entered the model (:func:`reader.sanitize.safe_url`).
        """
        selected = self.selected_link
        hyperlinks = hyperlinks_shown()
        chosen = -1
        if selected is not None and selected.paragraph == paragraph.index == self.current:
            chosen = selected.index  # drawn while the reader stays on its paragraph
        plain = text_style + self._style("link")
        spans = [
            (
                link.start,
                link.end,
                (plain + self._style("link-selected") if i == chosen else plain)
                + (Style(link=link.target) if hyperlinks and not link.internal else Style()),
            )
            for i, link in enumerate(paragraph.links)
        ]
        return layer_spans(spans, hits)

    def _overview_cell(self, row: int) -> tuple[str, Style]:
        height = self.scrollable_content_region.height
        key = self._overview_key(height)
        if self._overview_cache is None or self._overview_cache[0] != key:
            self._overview_cache = (key, self._overview_rows(height))
        rows = self._overview_cache[1]
        return rows[row] if 0 <= row < len(rows) else (" ", Style())

    def _overview_key(self, height: int) -> tuple[int, ...]:
        """What the overview strip's rows depend on, besides the marks :meth:`set_mark` keeps."""
        return (self._overview_generation, height, self.document_layout.total_lines)

    def _overview_mark_style(self, kind: AnnotationKind) -> Style:
        return self._style("overview") + self._style(f"gutter-{kind.value}")

    def _overview_rows(self, height: int) -> list[tuple[str, Style]]:
        """Where annotations (and search hits) are, squeezed into one column.

        The marks are placed in one pass in paragraph order (the last mark of a
        row shows), with their styles worked out once per kind: looked up one by
        one, 10,000 marks took 43 ms at every change.
        """
        track = self._style("overview")
        rows: list[tuple[str, Style]] = [(" ", track)] * max(height, 0)
        total = self.document_layout.total_lines
        if not rows or total <= 0:
            return rows
        layout = self.document_layout
        top = layout.block_top
        block_of = layout.paragraph_block
        hit_style = track + self._style("overview-hit")
        if self._hits.count:
            paragraphs = range(len(self.document.paragraphs))

            def first_at(line: int) -> int:
                return bisect_left(paragraphs, line, key=lambda p: top(block_of[p]))

            for row in range(height):
                first = first_at(-(-row * total // height))
                end = first_at(-(-(row + 1) * total // height))
                if first < end and self._hits.in_range(first, end):
                    rows[row] = (OVERVIEW_HIT, hit_style)
        self._overview_track = list(rows)
        styles = {kind: (OVERVIEW_MARK, self._overview_mark_style(kind)) for kind in AnnotationKind}
        starts = layout.line_starts
        marks = self._marks.kinds
        last = height - 1
        for paragraph in self._marks.ordered:
            rows[min(starts[block_of[paragraph]] * height // total, last)] = styles[
                marks[paragraph]
            ]
        return rows


def _padded(segments: list[Segment], used: int, width: int, style: Style) -> Strip:
    """A strip of ``segments`` (``used`` cells) padded to ``width`` with ``style``.

    Building the strip once with its known length avoids the intermediate strips
    (each with its own caches) that ``extend_cell_length`` would make per line.
    """
    if used < width:
        segments.append(Segment(" " * (width - used), style))
        used = width
    return Strip(segments, used)


def _spans_to_segments(
    text: str,
    base_offset: int,
    start: int,
    end: int,
    style: Style,
    hits: list[tuple[int, int, Style]],
) -> list[Segment]:
    """Cut ``text[start:end]`` into segments, hits (offsets from ``base_offset``) styled."""
    segments: list[Segment] = []
    position = start
    for hit_start, hit_end, hit_style in hits:
        hit_start -= base_offset
        hit_end -= base_offset
        if hit_end <= position or hit_start >= end:
            continue
        hit_start = max(hit_start, position)
        hit_end = min(hit_end, end)
        if hit_start > position:
            segments.append(Segment(text[position:hit_start], style))
        segments.append(Segment(text[hit_start:hit_end], hit_style))
        position = hit_end
    if position < end:
        segments.append(Segment(text[position:end], style))
    return segments
