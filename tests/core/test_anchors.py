"""Anchors follow a paragraph's text across copies, edits elsewhere and formats."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.anchors import ANCHOR_LENGTH, anchor_for, assign_anchors, normalize
from reader.readers import load_document, plaintext

# The four paragraphs both sample documents share, by their opening words.
SHARED = ("Russia’s relations with China have undergone", "Largely", "Given that", "The U.S. must")


def _by_opening(path: Path) -> dict[str, str]:
    doc = load_document(path)
    found = {}
    for opening in SHARED:
        matches = [p for p in doc.paragraphs if p.text.startswith(opening) and not p.boilerplate]
        # The clip's standfirst also opens with "Russia’s relations ..."; the main
        # argument is the one under its heading.
        matches = [p for p in matches if p.section is not None]
        assert len(matches) == 1, (path.name, opening)
        found[opening] = matches[0].anchor
    return found


def test_shared_paragraphs_have_the_same_anchor_in_both_samples(
    clean_sample: Path, webclip_sample: Path
) -> None:
    clean, clip = _by_opening(clean_sample), _by_opening(webclip_sample)
    assert clean == clip
    assert clean == {
        "Russia’s relations with China have undergone": "b1a28f4dec8c",
        "Largely": "1f19a2542d11",
        "Given that": "0d9e10549fd5",
        "The U.S. must": "67d9e2d25bf8",
    }


def test_normalisation_folds_what_differs_between_copies() -> None:
    variants = [
        "Russia’s “partner” — it said…",
        'Russia\'s "partner" - it said...',
        '• Russia\'s  "partner"\u00a0-\nit said...',
        '- RUSSIA\'S "PARTNER" - IT SAID...',
        '3. Russia\u00ad\'s "partner" – it\tsaid...',
    ]
    assert len({normalize(v) for v in variants}) == 1
    assert len({anchor_for(v) for v in variants}) == 1
    assert normalize(variants[0]) == 'russia\'s "partner" - it said...'


def test_anchor_shape() -> None:
    anchor = anchor_for("Some paragraph.")
    assert re.fullmatch(rf"[0-9a-f]{{{ANCHOR_LENGTH}}}", anchor)


def test_identical_paragraphs_get_distinct_anchors_in_order() -> None:
    anchors = list(assign_anchors([normalize(t) for t in ["A.", "B.", "A.", "A."]]))
    base = anchor_for("A.")
    assert anchors == [base, anchor_for("B."), f"{base}-2", f"{base}-3"]
    assert anchor_for("A.", occurrence=2) == f"{base}-2"


def test_fingerprint_ignores_wrapping_and_file_name(tmp_path: Path) -> None:
    wrapped = "A Title\n\nFirst paragraph that is\nwrapped here.\n\nSecond one.\n"
    unwrapped = "A Title\r\n\r\nFirst paragraph that is wrapped here.\r\n\r\nSecond one.\r\n"
    one, two = tmp_path / "one.txt", tmp_path / "moved-and-renamed.txt"
    one.write_text(wrapped, encoding="utf-8")
    two.write_bytes(unwrapped.encode("cp1252"))
    assert load_document(one).fingerprint == load_document(two).fingerprint
    edited = wrapped.replace("Second one.", "Second one, edited.")
    assert plaintext.read(edited).fingerprint != plaintext.read(wrapped).fingerprint


def _reference_normalize(text: str) -> str:
    """The original, straightforward normalisation (str.translate over every character)."""
    fold = str.maketrans(
        {
            **dict.fromkeys("‘’‚‛′‵´ʼ", "'"),
            **dict.fromkeys("“”„‟″‶«»", '"'),
            **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
            **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\n\r", " "),
            **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060", ""),
            "…": "...",
        }
    )
    if not re.fullmatch(r"[ -~]*", text):
        text = unicodedata.normalize("NFKC", text.translate(fold)).translate(fold)
    bullet = r"^\s*(?:[•◦▪▫‣●○■□·*+\-]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s+"
    text = re.sub(bullet, "", text.replace("\n", " "), count=1)
    return re.sub(r" {2,}", " ", text).strip().casefold()


_TRICKY = st.sampled_from(list("‘’“”–—…\u00a0\u00ad\u200b\t\n\r •*-1.a) ＡＢﬁ½`´"))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(max_size=5) | _TRICKY, max_size=20).map("".join))
def test_fast_normalisation_equals_the_reference(text: str) -> None:
    assert normalize(text) == _reference_normalize(text)


_SENTENCE = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8), min_size=3, max_size=12
).map(lambda words: " ".join(words).capitalize() + ".")


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(_SENTENCE, min_size=2, max_size=12, unique=True),
    data=st.data(),
)
def test_anchor_is_unchanged_by_edits_to_other_paragraphs(
    paragraphs: list[str], data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(paragraphs))
    others = [p for p in paragraphs if p != target]
    edited = data.draw(st.lists(st.sampled_from([*others, "An inserted paragraph."]), max_size=10))
    position = data.draw(st.integers(0, len(edited)))
    edited.insert(position, target)
    assume(edited.count(target) == 1)

    def anchor_in(texts: list[str]) -> str:
        doc = plaintext.read("\n\n".join(texts) + "\n")
        [found] = [p.anchor for p in doc.paragraphs if p.text == target]
        return found

    assert anchor_in(paragraphs) == anchor_in(edited) == anchor_for(target)


def test_backtick_is_kept_the_same_way_with_or_without_other_unicode() -> None:
    # The ASCII fast path and the Unicode path must agree, or one paragraph could
    # get two anchors depending on an unrelated character elsewhere in it.
    assert normalize("use `x` here é").startswith("use `x` here")
    assert normalize("use `x` here") == "use `x` here"
