"""The paragraphs a LaTeX/Sweave source prints: the clean edition of a paper.

Part of ``python -m benchmarks quality`` (see :mod:`benchmarks.bench_quality`).
The source is stripped of markup, and only words are compared, but where the
stripping would make the reference say something the printed paper does not,
it follows LaTeX instead:

* a ``%`` comment takes its line end with it, so a comment line inside a
  paragraph does not split it (a blank line is what ends a paragraph);
* paragraphs are split before citations are taken out, so a ``\\citep{}`` on a
  line of its own does not leave a blank line that splits its paragraph;
* a ``\\footnote{}`` is printed at the foot of the page, not inside its
  paragraph: it becomes a paragraph of its own;
* inline math keeps its letters (``sup$F$`` prints ``supF``), without commands;
* ``---`` and ``--`` print as dashes, between words (not a hyphen joining them);
* ``\\Sexpr{}`` prints a value computed when the paper was built, not its code:
  it is left out;
* displayed material (code chunks, code input and output, verbatim, formulas,
  floats, starred ones too, acmart's ``teaserfigure`` and ``CCSXML``) is left
  out, and a list or quotation inside a paragraph ends it, as the printed
  paragraph visibly ends there (an inline ``\\begin{math}`` does not);
* ``\\verb|...|`` prints its text; logos print their names (``\\LaTeX``,
  ``\\TeX``, ``\\hologo{BibTeX}``; ``\\LaTeX 3`` prints ``LaTeX3``); ``\\hrefurl``
  prints its text, as ``\\href`` does; ``\\typeout`` prints nothing;
* the title block (what comes before ``\\maketitle``: a conference's name,
  authors, affiliations, keywords) is no body paragraph; the abstract kept
  there (acmart wants it before ``\\maketitle``) is;
* nomenclature entries are list items (no paragraph);
* a test of the TeX engine (``\\ifpdftex``, ``\\iffontspecloaded``, ...) takes the
  branch pdfTeX takes: the papers' PDFs name pdfTeX as their producer;
* a source shipped gzipped (``.tex.gz``, as Debian ships documentation) is read
  unpacked.

Section titles (:func:`latex_sections`) are read without comments and
``\\verb`` text, and a citation in a title prints a number or name, not its key.

Citations are left out rather than resolved: the bibliography is not shipped,
and the printed ``Zeileis (2004)`` only lengthens the PDF's paragraph a little
(the comparison allows 1.3 times the length).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

__all__ = ["latex_paragraphs", "latex_sections"]

_DISPLAYED = re.compile(
    r"<<.*?>>=.*?^@|\\begin\{(Code|CodeChunk|CodeInput|CodeOutput|Sinput|Soutput|Schunk"
    r"|verbatim|equation\*?|eqnarray\*?|align\*?|figure\*?|table\*?|tabular|teaserfigure|CCSXML)\}"
    r".*?\\end\{\1\}"
    r"|\$\$.*?\$\$|\\\[.*?\\\]",
    re.DOTALL | re.MULTILINE,
)
_COMMENT = re.compile(r"(?<!\\)%")
_LINE_BREAKS = re.compile(r"\\\\\s*$", re.MULTILINE)
# a list or quotation starts or ends: the printed paragraph ends there (not inline math)
_BLOCK_EDGE = re.compile(r"\\(?:begin|end)\{(?!math\})[a-zA-Z*]+\}")
_VERB = re.compile(r"\\verb\*?([^a-zA-Z\s])(.*?)\1")
# a control word takes the spaces after it (but not a blank line): \LaTeX 3 prints LaTeX3
_LOGO = re.compile(
    r"\\(LaTeX|TeX|BibTeX)\b(?:\{\}|[ \t]*\n?(?![ \t]*\n)[ \t]*)|\\hologo\{([^}]*)\}"
)
# a test of the TeX engine: the papers' PDFs are built by pdfTeX (their Producer says so)
_ENGINE_TEST = re.compile(
    r"\\if(pdftex|luatex|xetex|tutex|fontspecloaded)\b(.*?)(?:\\else\b(.*?))?\\fi\b", re.DOTALL
)
_PRINTS_NOTHING = re.compile(r"\\typeout\{[^{}]*\}")
_CITE = re.compile(
    r"\\(?:cite[pt]?|citealp|citeauthor|citeyear|ref|label|eqref|index)\*?"
    r"(?:\[[^]]*\])*\{[^}]*\}"
)
_INLINE_MATH = re.compile(r"(?<!\\)\$([^$]*)\$")
# signs and sub/superscripts print as symbols or raised type, apart from the letters
_MATH_SIGN = re.compile(r"[^\w\s]|_")
_HREF = re.compile(r"\\href(?:url)?\{[^}]*\}")
_COMMAND = re.compile(r"\\[a-zA-Z]+\*?(?:\[[^]]*\])?")
_SKIPPED = re.compile(
    r"\\(?:section|subsection|subsubsection|title|author|item|caption|entry|EntryHeading)\b"
)
_SECTION = re.compile(
    r"\\(?:sub)*section\*?(?:\[([^]]*)\])?\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
)


def latex_paragraphs(source: Path) -> list[str]:
    """The body paragraphs (and footnotes) a LaTeX/Sweave source prints, markup removed."""
    text = _source(source)
    start = text.find("\\begin{document}")
    text = text[start + len("\\begin{document}") :] if start >= 0 else text
    text = _VERB.sub(lambda m: " ".join(re.split(r"[\\{}$%&#_^~]+", m.group(2))), text)
    text = _DISPLAYED.sub("\n\n", text)
    text = _without_comments(text)
    text = _ENGINE_TEST.sub(_pdftex_branch, text)
    text = _front_matter_abstract(text)
    text = _PRINTS_NOTHING.sub("", text)
    text = _LOGO.sub(lambda m: "{}" + (m.group(1) or m.group(2)), text)
    text = _without_command("Sexpr", text)[0]
    text, notes = _without_command("footnote", text)
    text = _BLOCK_EDGE.sub("\n\n", text)
    paragraphs = []
    for block in [*re.split(r"\n\s*\n", text), *notes]:
        if _SKIPPED.search(block) or _LINE_BREAKS.search(block):
            continue  # headings, list items, captions, displayed lines: not body paragraphs
        paragraph = _plain(block)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def latex_sections(source: Path) -> list[str]:
    """The section titles of a LaTeX source: a paper's own table of contents."""
    text = _without_comments(_VERB.sub(" ", _source(source)))
    titles = []
    for short, long in _SECTION.findall(text):
        # a title that is a citation prints as its short form does: "Petersen (2009)";
        # a citation in a title prints as a number or name, not its key
        title = short if "\\cite" in long and short else _CITE.sub(" ", long)
        titles.append(_COMMAND.sub(" ", title).replace("{", "").replace("}", ""))
    return titles


def _pdftex_branch(match: re.Match[str]) -> str:
    """What an engine test prints under pdfTeX: its first branch if it tests for pdfTeX."""
    return (match.group(2) if match.group(1) == "pdftex" else match.group(3)) or ""


def _front_matter_abstract(text: str) -> str:
    """``text`` with its title block (before ``\\maketitle``) reduced to the abstract.

    The title block prints the title, authors, affiliations, a conference's name
    and keywords as a block of short lines, not as paragraphs (acmart wants the
    abstract there too, before ``\\maketitle``).
    """
    end = text.find("\\maketitle")
    if end < 0:
        return text
    abstracts = re.findall(r"\\begin\{abstract\}(.*?)\\end\{abstract\}", text[:end], re.DOTALL)
    return "\n\n".join(abstracts) + "\n\n" + text[end + len("\\maketitle") :]


def _source(path: Path) -> str:
    """The source's text, gunzipped if it is packaged as ``.tex.gz`` (as Debian's docs are)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def _without_comments(text: str) -> str:
    """``text`` without ``%`` comments, read as TeX reads them.

    A comment takes its line's end with it, so a comment line inside a
    paragraph does not split it; a blank line still ends a paragraph, after
    comment lines too.
    """
    out = []
    for line in text.split("\n"):
        comment = _COMMENT.search(line)
        if comment is not None:
            out.append(line[: comment.start()])  # the line end is commented out too
        elif not line.strip():
            out.append("\n\n")
        else:
            out.append(line + "\n")
    return "".join(out)


def _plain(block: str) -> str:
    """A paragraph's words as printed: citations out, inline math's letters kept."""
    block = _CITE.sub(" ", block)
    block = _HREF.sub("", block)  # an \\href prints its text, not its address
    block = _INLINE_MATH.sub(lambda m: _MATH_SIGN.sub(" ", _COMMAND.sub(" ", m.group(1))), block)
    block = _COMMAND.sub(" ", block)
    block = block.replace("{", "").replace("}", "").replace("~", " ")
    block = block.replace("---", "\u2014").replace("--", "\u2013")  # TeX's dashes
    return " ".join(block.split())


def _without_command(name: str, text: str) -> tuple[str, list[str]]:
    """``text`` without ``\\name{...}`` (braces balanced), and what each one held."""
    held: list[str] = []
    pattern = re.compile(rf"\\{name}\s*\{{")
    out: list[str] = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0) if text[end - 1] != "\\" else 0
            end += 1
        out.append(text[position : match.start()])
        held.append(text[match.end() : end - 1])
        position = end
    out.append(text[position:])
    return "".join(out), held
