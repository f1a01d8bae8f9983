"""Web pages saved as text: a browser's dump (``lynx -dump``) or a page copied whole.

Such text carries the page's interface along with its article. Three things tell
them apart from the article, and the plain-text reader folds them as boilerplate
(kept, never dropped):

* a dump's **references**: the ``References`` list of numbered link targets that
  ``lynx -dump`` appends (``  17. http://www.w3.org/...``), with its ``Visible
  links`` / ``Hidden links:`` variants;
* a **link bar**: a block of several short ``[12]``-numbered links separated by
  ``|`` (``[1]Home | [2]News | [3]About``);
* **site chrome lines** of a saved page (one that offers ``Skip to main content``
  near its top) or a dump: ``Search``, ``Menu``, ``Share on Facebook``, ``Sign
  in`` and the like standing alone on a line, and lynx's renderings of form
  controls (``(BUTTON) Light``, ``IFRAME: toc.html``, ``[ ]``, ``______``).

Lynx also sets headings apart by indentation: its body text is indented three
columns and ``<h2>``-``<h6>`` headings start at the margin (``<h1>`` is centred),
so a line at the margin in a dump is a heading.
"""

from __future__ import annotations

import re

__all__ = [
    "Dump",
    "dump_heading_title",
    "find_dump",
    "is_chrome_line",
    "is_dump_heading",
    "is_link_bar",
]

_REFERENCES = re.compile(r"References\n\n(?:[ \t]*Visible links:?\n)?[ \t]*\d{1,6}\. \S+\n")
_LINKS_LABEL = re.compile(r"[ \t]*(?:Visible|Hidden) links:?[ \t]*")
_NUMBERED_TARGET = re.compile(r"[ \t]*\d{1,6}\. [a-zA-Z][\w+.-]*:\S*")
_LINK = re.compile(r"\[\d{1,6}\]")
_SKIP_LINK = re.compile(r"^[ \t]*(?:\*[ \t]+)?(?:\[\d{1,6}\])?(?i:skip to (?:main )?content)", re.M)
_HEAD = 4096
_BUTTON = re.compile(r"\s*\(BUTTON\).*")
_CHROME = re.compile(
    r"(?i:skip to (?:main )?(?:content|navigation)|skip navigation|search(?: this site)?"
    r"|(?:main |site |open |close )?menu|(?:toggle |main )?navigation|close|home"
    r"|sign (?:in|up|out)|log ?(?:in|out)|register|subscribe(?: now)?|my account|donate"
    r"|share(?: this(?: article| page| story)?)?|share on \w+|tweet|email|print|copy link"
    r"|facebook|twitter|linkedin|instagram|youtube|reddit|whatsapp|mastodon|bluesky|rss"
    r"|back to top|top of page|accept(?: all)?(?: cookies)?|reject all|cookie settings"
    r"|advertisement|follow us(?: on \w+)?|previous|next|toggle theme)"
    r"|\(BUTTON\).*|IFRAME:.*|\[[ X]\]|_{4,}"  # lynx's buttons, frames, checkboxes, fields
)
_LINE_PREFIX = re.compile(r"^[ \t]*(?:[*+•·-][ \t]+)?(?:\[\d{1,6}\])?")


class Dump:
    """What was found about a text: whether it is a browser dump or a saved page."""

    __slots__ = ("lynx", "references", "saved_page")

    def __init__(self, lynx: bool, saved_page: bool, references: int | None) -> None:
        self.lynx = lynx
        """A ``lynx -dump``: margin lines are headings, link bars are folded."""
        self.saved_page = saved_page
        """A page offering ``Skip to main content``: chrome lines are folded."""
        self.references = references
        """Where the dump's references list starts (it runs to the end), else ``None``."""


def find_dump(text: str) -> Dump:
    """Look at a whole text once: is it a browser dump, a saved page, or neither?

    A dump is recognised by its references list, which must run to the end of
    the text as numbered ``scheme:target`` lines (an article that has a
    ``References`` section of its own, of books or papers, is not one).
    """
    references: int | None = None
    start = text.rfind("\nReferences\n\n") + 1  # the last one: the list runs to the end
    match = _REFERENCES.match(text, start) if start else None
    if match is not None:
        tail = text[start + len("References") :]
        lines = [line for line in tail.split("\n") if line.strip()]
        lines = [line for line in lines if _LINKS_LABEL.fullmatch(line) is None]
        targets = sum(1 for line in lines if _NUMBERED_TARGET.match(line) is not None)
        if targets >= 0.9 * len(lines):
            references = start
    saved_page = _SKIP_LINK.search(text, 0, _HEAD) is not None
    return Dump(lynx=references is not None, saved_page=saved_page, references=references)


def is_link_bar(block: str) -> bool:
    """Whether a block is a bar of short links (``[1]Home | [2]News | [3]About``)."""
    links = len(_LINK.findall(block))
    return links >= 3 and block.count("|") >= 2 and len(block) < 40 * links


def is_chrome_line(line: str) -> bool:
    """Whether a stripped line is a page's interface (``Search``, ``Share on Facebook``)."""
    if len(line) > 40:
        return False
    return _CHROME.fullmatch(_LINE_PREFIX.sub("", line, count=1).strip()) is not None


def is_dump_heading(line: str) -> bool:
    """Whether an unstripped line of a lynx dump starts at the margin, as its headings do."""
    return bool(line) and not line[0].isspace() and len(line) <= 100 and _LINK.match(line) is None


def dump_heading_title(line: str) -> str:
    """A dump's heading without the buttons lynx shows in it (``Keyword loop (BUTTON) Copy``)."""
    return _BUTTON.sub("", line) or line
