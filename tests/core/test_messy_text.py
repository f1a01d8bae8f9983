"""Messy real-world text: escape-based encodings and Chinese and Japanese line joins.

The fixtures are extracts of the Debian FAQ's text editions (see
tests/fixtures/real/README.md): the Simplified Chinese one as shipped (UTF-8) and
the Japanese one in ISO-2022-JP, the encoding of Japanese mail and old manuals.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.decode import decode_bytes
from reader.readers import load_document, read_text

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
JAPANESE = REAL / "debian-faq-ja-extract.iso2022jp.txt"
CHINESE = REAL / "debian-faq-zh-cn-extract.txt"


def test_iso_2022_jp_is_recognised_by_its_escapes() -> None:
    data = JAPANESE.read_bytes()
    assert data.isascii()  # nothing above 0x7F: it passes for ASCII and UTF-8
    decoded = decode_bytes(data)
    assert decoded.encoding == "iso2022_jp"
    assert "\x1b" not in decoded.text
    assert "第1章定義と概要" in decoded.text


def test_a_real_iso_2022_jp_manual_reads_with_its_japanese_outline() -> None:
    document = load_document(JAPANESE)
    assert document.title == "Debian GNU/Linux FAQ"
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "第1章定義と概要"),
        (2, "1.1. この FAQ は何?"),
        (2, "1.2. Debian GNU/Linux とは何?"),
        (2, "1.3. これで Debian が何なのかはわかった。。。では Linux とは何?"),
    ]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("한국어 텍스트입니다.\n두 번째 줄", "iso2022_kr"),
        ("ｶﾀｶﾅ と 日本語", "iso2022_jp_ext"),
        ("日本語と中文と한국어", "iso2022_jp_2"),
    ],
)
def test_other_iso_2022_encodings_are_recognised(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_iso_2022_cn_reads_its_gb2312_text() -> None:
    # RFC 1922: ESC $ ) A designates GB 2312, SO/SI shift in and out, a line end resets
    line = b"\x1b$)A\x0eVPND\x0f text \x0eND1>\x0f\n"
    decoded = decode_bytes(line + line)
    assert decoded.encoding == "iso2022_cn"
    assert decoded.text == "中文 text 文本\n中文 text 文本\n"


def test_terminal_colour_codes_are_not_an_iso_2022_encoding() -> None:
    assert decode_bytes(b"\x1b[31mred\x1b[0m text").encoding == "utf-8"


def test_chinese_lines_join_without_a_space() -> None:
    document = load_document(CHINESE)
    texts = [p.text for p in document.paragraphs]
    # "其它语言\n的翻译版本" and "（Free Software\nFoundation）" in the licence
    assert any(
        "本文档其它语言的翻译版本。" in t and "（Free Software Foundation）核准" in t for t in texts
    )
    assert any(
        t.startswith("如果您不能在本 FAQ 中找到您想找到的问题解答，请阅读第 12.1 节 “Debian")
        for t in texts
    )
    assert not any("\n" in t for t in texts)  # prose, not line-broken verse
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "第 1 章 定义和概览"),
        (2, "1.1. 本 FAQ 文档是什么？"),
        (2, "1.2. 什么是 Debian GNU/Linux？"),
    ]


def test_japanese_hard_wrapped_paragraph_joins_without_a_space() -> None:
    texts = [p.text for p in load_document(JAPANESE).paragraphs]
    assert any("Linux オペレーティングシステムディストリビューションですが" in t for t in texts)


def test_latin_words_and_korean_keep_their_space_at_a_line_end() -> None:
    document = read_text("Title\n\nDebian 是\nLinux 的发行版 and\nmore 한국어\n텍스트.\n")
    assert document.paragraphs[-1].text == "Debian 是 Linux 的发行版 and more 한국어 텍스트."


NEWS = REAL / "diffutils-NEWS-extract.txt"


def test_an_outline_mode_file_has_its_title_and_star_headings() -> None:
    document = load_document(NEWS)
    assert document.title == "GNU diffutils NEWS"  # "   -*- outline -*-" is not part of it
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "Noteworthy changes in release 3.8 (2021-08-01) [stable]"),
        (2, "Incompatible changes"),
        (2, "Bug fixes"),
        (1, "Noteworthy changes in release 3.7 (2018-12-31) [stable]"),
        (2, "Bug fixes"),
        (2, "Improvements"),
    ]
    assert not any("-*-" in p.text for p in document.paragraphs)


def test_star_lines_are_list_items_without_an_outline_mode_line() -> None:
    document = read_text("Notes\n\n* first point here\n\n* second point here\n")
    assert document.sections == []
    assert [p.marker for p in document.paragraphs] == ["*", "*"]


def test_editor_settings_and_scan_markers_are_not_headings_or_the_title() -> None:
    text = (
        "-*- mode: text; coding: utf-8 -*-\n\nThe Title\n\n"
        "START: ED4A800_0.TIF.TXT\n\nCHAPTER ONE\n\n"
        "It was a dark and stormy night, and the rain fell in torrents.\n\n"
        "END: ED4A800_0.tif.txt\n\n"
        "START: ED4A800_1.tif.txt\n\n"
        "Second page of text, with more words than any heading would hold.\n\n"
        "vim: set ts=8 sw=4 tw=78 ft=text :\n"
    )
    document = read_text(text)
    assert document.title == "The Title"
    assert [s.title for s in document.sections] == ["CHAPTER ONE"]
    artefacts = [p.text for p in document.paragraphs if p.boilerplate]
    assert artefacts == [
        "-*- mode: text; coding: utf-8 -*-",
        "START: ED4A800_0.TIF.TXT",
        "END: ED4A800_0.tif.txt",
        "START: ED4A800_1.tif.txt",
        "vim: set ts=8 sw=4 tw=78 ft=text :",
    ]


def test_a_faqs_question_headings_are_found_even_when_wrapped() -> None:
    document = load_document(REAL / "debian-faq-en-extract.txt")
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "Chapter 1. Definitions and overview"),
        (2, "1.3. OK, now I know what Debian is... what is Linux?!"),
        (2, "1.4. Does Debian just do GNU/Linux?"),
        (
            2,
            "1.5. What is the difference between Debian GNU/Linux and other Linux"
            " distributions? Why should I choose Debian over some other distribution?",
        ),
        (
            2,
            "1.6. How does the Debian project fit in or compare with the Free Software"
            " Foundation's GNU project?",
        ),
    ]


def test_a_numbered_list_of_sentences_is_not_headings() -> None:
    text = "Steps\n\n1. Is it plugged in?\n\n2. Does the light come on?\n\nThen call us.\n"
    document = read_text(text)
    assert document.sections == []


def test_a_chinese_numbered_heading_may_open_with_a_latin_name_or_a_quote() -> None:
    text = (
        "第 3 章 选择一个 Debian 发布版本\n\n"
        "3.1.3. stable 版本的软件包真的很旧。为什么会这样？\n\n"
        "    这是一段正文，说明为什么稳定版的软件包比较旧。\n\n"
        "3.1.4. “测试版”包含什么？\n\n"
        "    这是另一段正文。\n"
    )
    titles = [s.title for s in read_text(text).sections]
    assert titles[1:] == [
        "3.1.3. stable 版本的软件包真的很旧。为什么会这样？",
        "3.1.4. “测试版”包含什么？",
    ]
