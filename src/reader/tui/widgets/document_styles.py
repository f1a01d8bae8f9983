"""The document view's styles: the component classes it draws with and their defaults.

Kept apart from :mod:`reader.tui.widgets.document_view` so the view's module is
about behaviour; the app's themes restyle these classes by name.
"""

from __future__ import annotations

from reader.annotation import COLORS, KINDS

SHADES: dict[str, str] = {
    "yellow": "#f2c94c",
    "green": "#6fcf7c",
    "blue": "#5b9bf0",
    "pink": "#f27fb2",
    "orange": "#f2994a",
    "purple": "#a77bf0",
}
"""How each of :data:`~reader.annotation.COLORS` looks: a passage's background is its
shade at a third over the view's own (a tint that reads on dark and light themes
alike), a coloured highlight's gutter mark the shade itself."""

DOCUMENT_COMPONENT_CLASSES: frozenset[str] = frozenset(
    {
        "document-view--heading-1",
        "document-view--heading-2",
        "document-view--heading-3",
        "document-view--rule",
        "document-view--list-marker",
        "document-view--quote",
        "document-view--quote-bar",
        "document-view--code",
        "document-view--table",
        "document-view--caption",
        "document-view--boilerplate",
        "document-view--fold",
        "document-view--current",
        "document-view--current-bar",
        "document-view--hit",
        "document-view--hit-current",
        "document-view--link",
        "document-view--link-selected",
        *(f"document-view--gutter-{kind.value}" for kind in KINDS),
        "document-view--selection",
        "document-view--passage",
        *(f"document-view--passage-{color}" for color in COLORS),
        *(f"document-view--gutter-{color}" for color in COLORS),
        "document-view--overview",
        "document-view--overview-hit",
    }
)
"""Every style the view draws with, for the app's stylesheet and themes."""

DOCUMENT_CSS = (
    """
DocumentView {
    background: $surface;
    color: $foreground;
    scrollbar-gutter: stable;
    & > .document-view--heading-1 { color: $text-primary; text-style: bold; }
    & > .document-view--heading-2 { color: $text-accent; text-style: bold; }
    & > .document-view--heading-3 { color: $text-secondary; text-style: bold italic; }
    & > .document-view--rule { color: $primary; }
    & > .document-view--list-marker { color: $text-accent; }
    & > .document-view--quote { color: $text-muted; text-style: italic; }
    & > .document-view--quote-bar { color: $text-accent; }
    & > .document-view--code { background: $boost; color: $text; }
    & > .document-view--table { background: $boost; color: $text; }
    & > .document-view--caption { color: $text-muted; text-style: italic; }
    & > .document-view--boilerplate { color: $text-disabled; }
    & > .document-view--fold { color: $text-muted; text-style: italic; }
    & > .document-view--current { background: $primary 15%; }
    & > .document-view--current-bar { color: $text-accent; }
    & > .document-view--hit { background: $warning 35%; text-style: underline; }
    & > .document-view--hit-current {
        background: $warning; color: $background; text-style: bold underline;
    }
    & > .document-view--link { color: $text-primary; text-style: underline; }
    & > .document-view--link-selected { text-style: reverse underline; }
"""
    + "".join(
        f"    & > .document-view--gutter-{kind.value} {{ color: ${look.colour}; }}\n"
        for kind, look in KINDS.items()
    )
    + """    & > .document-view--selection { text-style: reverse; }
    & > .document-view--passage { background: $warning 30%; }
    &:nocolor > .document-view--passage { text-style: underline; }
"""
    + "".join(
        f"    & > .document-view--passage-{color} {{ background: {SHADES[color]} 35%; }}\n"
        f"    &:nocolor > .document-view--passage-{color} {{ text-style: underline; }}\n"
        f"    & > .document-view--gutter-{color} {{ color: {SHADES[color]}; }}\n"
        for color in COLORS
    )
    + """    & > .document-view--overview { background: $panel; }
    & > .document-view--overview-hit { color: $text-warning; }
}
"""
)
"""The document view's default stylesheet; the kinds' gutter colours come from
:data:`~reader.annotation.KINDS`."""
