"""The parts of an EPUB (2 or 3) that say what the book is and in what order to read it.

``META-INF/container.xml`` names the package document (OPF); the OPF holds the
metadata, the manifest (every file) and the spine (reading order); the table of
contents is the EPUB 3 navigation document or, in EPUB 2, the NCX. These are
small XML files parsed with the standard library (its expat refuses entity
expansion bombs and never fetches external entities).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from reader.decode import decode_bytes
from reader.model import Metadata
from reader.readers.bounded_zip import ArchiveError, BoundedZip

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["Package", "TocEntry", "read_package"]

_HTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml"})
_ISO_DATE = re.compile(r"(\d{4}(?:-\d{2}){0,2})")
_DC = "{http://purl.org/dc/elements/1.1/}"
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One table-of-contents entry: a title, its nesting level and where it points.

    Attributes:
        title: The entry's text.
        level: 1 for top-level entries.
        path: The archive member it points into.
        fragment: The element id within it, "" for the start of the file.
    """

    title: str
    level: int
    path: str
    fragment: str


@dataclass(slots=True)
class Package:
    """What the OPF and the table of contents say about the book."""

    metadata: Metadata
    spine: list[str] = field(default_factory=list)
    """Archive members of the content documents, in reading order."""
    toc: list[TocEntry] = field(default_factory=list)


def read_package(archive: BoundedZip) -> Package:
    """Read the container, package document and table of contents.

    Raises:
        ArchiveError: A required part is missing or is not well-formed XML, or the
            book is DRM-protected.
    """
    _refuse_drm(archive)
    container = _xml(archive, "META-INF/container.xml")
    rootfile = next((e for e in container.iter() if _local(e.tag) == "rootfile"), None)
    opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
    if not opf_path:
        raise ArchiveError(f"{archive.name}: container.xml names no package document")
    opf = _xml(archive, opf_path)
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str, str]] = {}  # id -> (path, media type, properties)
    nav_path = ""
    for item in _children(opf, "manifest", "item"):
        href = item.get("href", "")
        path = _resolve(base, href)
        manifest[item.get("id", "")] = (
            path,
            item.get("media-type", ""),
            item.get("properties", ""),
        )
        if "nav" in item.get("properties", "").split():
            nav_path = path
    spine_node = next((e for e in opf if _local(e.tag) == "spine"), None)
    spine = []
    for ref in _children(opf, "spine", "itemref"):
        path, media_type, _ = manifest.get(ref.get("idref", ""), ("", "", ""))
        if path and media_type in _HTML_TYPES and path != nav_path:
            spine.append(path)
    package = Package(_metadata(opf), spine)
    if nav_path and nav_path in archive:
        package.toc = _nav_toc(archive, nav_path)
    if not package.toc and spine_node is not None:
        ncx = manifest.get(spine_node.get("toc", ""), ("", "", ""))[0]
        if ncx and ncx in archive:
            package.toc = _ncx_toc(archive, ncx)
    return package


def _refuse_drm(archive: BoundedZip) -> None:
    """Raise for a book whose text is encrypted (font obfuscation alone is fine)."""
    drm = "META-INF/rights.xml" in archive
    if not drm and "META-INF/encryption.xml" in archive:
        encryption = _xml(archive, "META-INF/encryption.xml")
        drm = any(
            _local(method.tag) == "EncryptionMethod"
            and method.get("Algorithm", "") not in _FONT_OBFUSCATION
            for method in encryption.iter()
        )
    if drm:
        raise ArchiveError(
            f"{archive.name} is protected by DRM; reader opens DRM-free books only "
            "(export a DRM-free copy from where you bought it)"
        )


def _metadata(opf: ET.Element) -> Metadata:
    """Dublin Core fields of the ``<metadata>`` element.

    Only its own children (and those of an OEB ``<dc-metadata>`` wrapper) are
    fields; each one's text is gathered once, whatever elements it holds, so a
    title nesting 100,000 elements costs one linear pass.
    """
    values: dict[str, list[str]] = {}
    block = next((e for e in opf if _local(e.tag) == "metadata"), None)
    fields = [] if block is None else list(block)
    fields += [e for wrapper in fields if _local(wrapper.tag) == "dc-metadata" for e in wrapper]
    for meta in fields:
        if not isinstance(meta.tag, str) or not meta.tag.startswith(_DC):
            continue
        text = " ".join("".join(meta.itertext()).split())
        if text:
            values.setdefault(_local(meta.tag), []).append(text)
    date = values.get("date", [""])[0]
    match = _ISO_DATE.match(date)
    metadata = Metadata(
        title=values.get("title", [""])[0],
        authors=values.get("creator", []),
        date=match.group(1) if match else date,
        language=values.get("language", [""])[0],
    )
    if values.get("publisher"):
        metadata.extra["publisher"] = values["publisher"][0]
    return metadata


def _nav_toc(archive: BoundedZip, path: str) -> list[TocEntry]:
    """Entries of the EPUB 3 navigation document's ``<nav epub:type="toc">``."""
    text = decode_bytes(archive.read(path), name=path).text
    from reader.readers.html import parse

    tree = parse(text)
    navs = tree.css("nav")
    nav = next((n for n in navs if "toc" in (n.attributes.get("epub:type") or "")), None)
    if nav is None and navs:
        nav = navs[0]
    if nav is None:
        return []
    top = nav.css_first("ol")
    if top is None:
        return []
    base = posixpath.dirname(path)
    entries: list[TocEntry] = []
    stack = [(li, 1) for li in reversed(_element_children(top, "li"))]
    while stack:  # depth first, without recursion: a hostile book may nest deeply
        li, level = stack.pop()
        link = next(iter(_element_children(li, "a") + _element_children(li, "span")), None)
        if link is not None:
            title = " ".join(link.text(deep=True).split())
            target, _, fragment = (link.attributes.get("href") or "").partition("#")
            if title:
                entries.append(
                    TocEntry(title, level, _resolve(base, target) if target else "", fragment)
                )
        for sub in reversed(_element_children(li, "ol")):
            stack.extend(
                (child, min(level + 1, 6)) for child in reversed(_element_children(sub, "li"))
            )
    return entries


def _ncx_toc(archive: BoundedZip, path: str) -> list[TocEntry]:
    """Entries of an EPUB 2 NCX ``navMap``, depth first."""
    root = _xml(archive, path)
    base = posixpath.dirname(path)
    entries: list[TocEntry] = []
    nav_map = next((e for e in root.iter() if _local(e.tag) == "navMap"), None)
    stack = [(point, 1) for point in reversed(_points(nav_map))] if nav_map is not None else []
    while stack:
        point, level = stack.pop()
        label = next((e for e in point if _local(e.tag) == "navLabel"), None)
        content = next((e for e in point if _local(e.tag) == "content"), None)
        title = " ".join("".join(label.itertext()).split()) if label is not None else ""
        src = content.get("src", "") if content is not None else ""
        target, _, fragment = src.partition("#")
        if title and target:
            entries.append(TocEntry(title, level, _resolve(base, target), fragment))
        stack.extend((child, min(level + 1, 6)) for child in reversed(_points(point)))
    return entries


def _points(parent: ET.Element) -> list[ET.Element]:
    return [e for e in parent if _local(e.tag) == "navPoint"]


def _element_children(node: LexborNode, tag: str) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        if child.tag == tag:
            out.append(child)
        child = child.next
    return out


def _xml(archive: BoundedZip, member: str) -> ET.Element:
    try:
        data = archive.read(member)
    except KeyError:
        raise ArchiveError(
            f"{archive.name} has no {member}; it is not an EPUB or it is damaged"
        ) from None
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise ArchiveError(f"{archive.name}: {member} is damaged ({error})") from None


def _children(root: ET.Element, parent: str, tag: str) -> list[ET.Element]:
    for element in root:
        if _local(element.tag) == parent:
            return [e for e in element if _local(e.tag) == tag]
    return []


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _resolve(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href))).lstrip("/")
