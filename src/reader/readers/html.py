"""Reader for HTML: saved web pages and documentation pages.

The page is parsed with selectolax (the Lexbor HTML5 engine: a standards parser
that never rejects a page, and reads a 5 MB page in well under a second). The
article is found the way pages mark it — ``<main>``, ``role="main"``, the page's
``<article>`` — falling back to the whole ``<body>``; inside it, page chrome is
dropped or kept as boilerplate (:mod:`reader.readers.chrome`). Headings become
sections and blocks become paragraphs (:mod:`reader.readers.html_blocks`), so
the same article saved as HTML and as plain text gets the same anchors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.readers.sniff import is_html as sniff

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["EXTENSIONS", "FORMAT", "content_root", "parse", "read", "sniff"]

FORMAT = "html"
EXTENSIONS: frozenset[str] = frozenset({".html", ".htm", ".xhtml"})

_MIN_ARTICLE = 200  # characters; the longest of several <article>s must have more
_TEXT_BLOCKS = "p, pre, li, td, blockquote"  # a <main> without any is filled in by scripts
_ARTICLE_SHARE = 0.6  # the longest of several <article>s must hold this share of their text


def parse(text: str) -> LexborHTMLParser:
    """Parse HTML (any HTML: the parser repairs what browsers repair).

    Nesting past :data:`~reader.readers.html_nesting.MAX_ELEMENT_DEPTH` elements
    is flattened first, which keeps parsing, and every walk of the tree after it,
    linear in the page's length.
    """
    from selectolax.lexbor import LexborHTMLParser  # imported here: sniffing a .txt needs none

    from reader.readers.html_nesting import bound_nesting

    return LexborHTMLParser(bound_nesting(text))


def content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The element that holds the article: ``<main>``, the ``<article>``, else ``<body>``."""
    body = tree.body
    for selector in ("main", '[role="main"]'):
        for node in tree.css(selector):
            if node.css_first(_TEXT_BLOCKS) is not None:
                return node
    articles = tree.css("article")
    if len(articles) == 1 and articles[0].css_first(_TEXT_BLOCKS) is not None:
        return articles[0]
    if articles:
        lengths = [len(node.text(deep=True, strip=True)) for node in articles]
        longest = max(range(len(articles)), key=lengths.__getitem__)
        # nested articles (comments) are counted inside their parent as well
        if lengths[longest] >= _MIN_ARTICLE and lengths[longest] >= _ARTICLE_SHARE * sum(
            length for node, length in zip(articles, lengths, strict=True) if not _nested(node)
        ):
            return articles[longest]
    return body


def _nested(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "article":
            return True
        parent = parent.parent
    return False


def read(text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Read an HTML page into a document.

    Args:
        text: The page's decoded text.
        path: The file it came from.
        encoding: The encoding it was decoded with.
    """
    from reader.readers.heap import release_free_memory

    builder = _gather(text, path, encoding)  # the parse tree is freed on return
    release_free_memory()  # so the document is not built on top of the dead tree
    document = builder.build()
    if not document.metadata.title and document.sections:
        document.metadata.title = document.sections[0].title
    return document


def _gather(text: str, path: Path | None, encoding: str) -> DocumentBuilder:
    """Parse the page and feed its blocks to a builder."""
    # imported here: sniffing needs neither
    from reader.readers.html_blocks import add_paragraph, iter_blocks
    from reader.readers.html_meta import read_metadata

    tree = parse(text)
    builder = DocumentBuilder(FORMAT, read_metadata(tree), path=path, encoding=encoding)
    root = content_root(tree)
    if root is not None:
        resolve = _resolver(builder.metadata.source)
        target = builder.target
        for block in iter_blocks(root):
            for element_id in block.ids:
                target(element_id)
            if block.kind is None:
                builder.heading(block.text, block.level)
            else:
                add_paragraph(builder, block, resolve)
    return builder


def _resolver(base: str) -> Callable[[str], str | None]:
    """Turn a page's href into a link target: ``#id`` within the page, else a safe URL.

    Relative hrefs are resolved against the page's own address when it names one
    (a saved page's ``og:url`` or canonical link).
    """
    from urllib.parse import unquote

    from reader.readers.link_spans import external_target

    def resolve(href: str) -> str | None:
        if href.startswith("#"):
            return "#" + unquote(href[1:]) if len(href) > 1 else None
        return external_target(href, base)

    return resolve
