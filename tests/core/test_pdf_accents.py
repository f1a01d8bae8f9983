"""Accents TeX sets apart from their letters, put back on them by position.

The boxes are those PDFium gives for a line of the ASME conference template
(``texlive-publishers-doc``, ``asmeconf-template.pdf`` page 6, MIT): its T1
fonts have no ``ā ē ė ī į ō ū``, so TeX set each as a letter and an accent
moved back over it, and PDFium reads the accents where they come in the
content, with spaces of its own around them.
"""

from __future__ import annotations

from reader.readers.pdf_accents import compose_accents

# (character, left, bottom, right, top) of each character of the line, in order
_ASME_LINE = [
    ("à", 320.0, 674.1, 324.1, 680.9), ("á", 324.5, 674.1, 328.5, 680.9),
    ("â", 328.9, 674.1, 332.9, 680.9), ("ä", 333.3, 674.1, 337.4, 680.6),
    ("æ", 337.8, 674.1, 343.7, 678.8), ("ã", 344.4, 674.1, 348.4, 680.6),
    ("å", 348.8, 674.1, 352.8, 681.1), ("a", 353.2, 674.1, 357.3, 678.8),
    (" ", 359.8, 674.2, 359.8, 674.2), ("è", 360.0, 674.1, 364.0, 680.9),
    ("é", 364.5, 674.1, 368.4, 680.9), ("ę", 368.9, 671.8, 372.9, 678.8),
    ("ë", 373.3, 674.1, 377.3, 680.6), ("ê", 377.7, 674.1, 381.7, 680.9),
    (" ", 381.9, 674.2, 381.9, 674.2), ("¯", 353.5, 679.9, 356.6, 680.4),
    (" ", 356.7, 674.2, 356.7, 674.2), ("e", 382.1, 674.1, 386.1, 678.8),
    ("¯", 382.6, 679.9, 385.7, 680.4), ("e", 386.6, 674.1, 390.5, 678.8),
    (" ", 393.2, 674.2, 393.2, 674.2), ("î", 393.1, 674.2, 396.2, 680.9),
    ("ï", 395.9, 674.2, 398.9, 680.6), ("í", 398.9, 674.2, 401.6, 680.9),
    (" ", 401.5, 674.2, 401.5, 674.2), ("\u0307", 388.0, 679.6, 389.0, 680.6),
    (" ", 390.2, 674.2, 390.2, 674.2), ("¯", 401.4, 679.9, 404.5, 680.4),
    ("ı", 401.7, 674.2, 404.1, 678.8), ("i", 404.5, 674.2, 406.8, 681.0),
    ("˛", 404.6, 671.8, 406.4, 674.4), ("ì", 407.0, 674.2, 409.6, 680.9),
    (" ", 412.3, 674.2, 412.3, 674.2), ("ô", 412.6, 674.1, 417.0, 680.9),
    ("ö", 417.6, 674.1, 422.0, 680.6), ("ò", 422.6, 674.1, 427.0, 680.9),
    ("ó", 427.6, 674.1, 432.0, 680.9), ("œ", 432.6, 674.1, 439.1, 678.8),
    ("ø", 439.7, 673.1, 444.1, 679.7), ("o", 444.7, 674.1, 449.1, 678.8),
    ("õ", 449.7, 674.1, 454.1, 680.6), (" ", 456.9, 674.2, 456.9, 674.2),
    ("û", 457.0, 674.1, 461.7, 680.9), ("ü", 462.0, 674.1, 466.6, 680.6),
    ("ù", 466.9, 674.1, 471.6, 680.9), ("ú", 471.9, 674.1, 476.6, 680.9),
    (" ", 476.8, 674.2, 476.8, 674.2), ("¯", 445.4, 679.9, 448.5, 680.4),
    (" ", 448.6, 674.2, 448.6, 674.2), ("u", 476.9, 674.1, 481.6, 678.7),
    (" ", 484.3, 674.2, 484.3, 674.2), ("ç", 484.5, 672.1, 488.4, 678.8),
    (".", 489.0, 674.1, 490.1, 675.2), (" ", 490.8, 674.2, 490.8, 674.2),
    ("¯", 477.8, 679.9, 480.9, 680.4),
]  # fmt: skip


class _TextPage:
    """The one PDFium query accents need: a character's box, by index."""

    def __init__(self, boxes: list[tuple[str, float, float, float, float]]) -> None:
        self._boxes = boxes

    def get_charbox(self, index: int) -> tuple[float, float, float, float]:
        return self._boxes[index][1:]


def _compose(boxes: list[tuple[str, float, float, float, float]]) -> tuple[str, int, int]:
    line = "".join(character for character, *_ in boxes)
    return compose_accents(_TextPage(boxes), range(len(boxes) + 1), line, 0)


def test_each_accent_goes_onto_the_letter_under_it_wherever_it_was_read() -> None:
    text, lead, trail = _compose(_ASME_LINE)
    assert text == "àáâäæãåā èéęëêēė îïíīįì ôöòóœøōõ ûüùúū ç."
    # the accent read last, and the space before it, no longer end the line
    assert (lead, trail) == (0, 2)


def test_a_line_without_an_accent_over_a_letter_is_kept() -> None:
    # a macron standing for itself, between words: nothing under it
    boxes = [
        ("a", 100.0, 0.0, 104.0, 5.0),
        (" ", 104.5, 0.0, 104.5, 0.0),
        ("¯", 107.0, 6.0, 110.0, 6.5),
        (" ", 111.0, 0.0, 111.0, 0.0),
        ("b", 113.0, 0.0, 117.0, 7.0),
    ]
    assert _compose(boxes) == ("a ¯ b", 0, 0)


def test_an_accent_under_a_letter_needs_a_mark_set_below() -> None:
    # a cedilla below "c" composes; a macron below a letter (an underline) does not
    below = [("c", 10.0, 0.0, 14.0, 5.0), ("¸", 11.0, -2.0, 13.0, 0.5)]
    assert _compose(below) == ("ç", 0, 1)
    under = [("c", 10.0, 0.0, 14.0, 5.0), ("¯", 11.0, -2.0, 13.0, -1.5)]
    assert _compose(under) == ("c¯", 0, 0)
