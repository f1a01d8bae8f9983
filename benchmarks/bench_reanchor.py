"""Re-anchoring: 1,000 annotations placed on an edited copy of the 5 MB book.

The book (``benchmarks.corpus``) is read, 1,000 paragraphs are annotated, and the
annotations are placed on ``edited_copy(text, seed)`` (typo fixes, sentences
added, paragraphs inserted, moved and deleted). As in the prototype the issue
quotes, 73 % of the annotated paragraphs are unchanged and 27 % were edited or
deleted. Reading the documents is not timed; building the :class:`Reanchorer` and
placing every annotation is.

Correctness is checked against an oracle that knows what each edit does: an
unchanged paragraph must be attached to a paragraph with its text, an edited one
to its edited form (the same text with one sentence added or two letters
swapped), and a deleted one must be orphaned. Anything else is **wrong** (must
be 0); an edited paragraph left as an orphan is a *miss* (safe, but worth fewer).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence

from benchmarks.corpus import _ADDED_SENTENCES, book_text, edited_copy
from reader.anchors import normalize, text_digest
from reader.annotation import AnchorStatus, Selector
from reader.model import Document
from reader.readers import read_text
from reader.reanchor import Placement, Reanchorer, make_selector

ANNOTATIONS = 1000
UNCHANGED_SHARE = 0.73
SEEDS = (1, 2, 3)
RATE = 0.01


def main() -> None:
    """Print timings and the right/missed/wrong counts for a few edited copies."""
    text = book_text()
    original = read_text(text, format="text")
    print(f"book: {len(text) / 1e6:.1f} MB, {len(original.paragraphs):,} paragraphs")
    for seed in SEEDS:
        edited = read_text(edited_copy(text, seed, rate=RATE), format="text")
        truth = _oracle(original, edited)
        chosen = _choose(truth, random.Random(seed))
        items = [
            (original.paragraphs[i].anchor, make_selector(original, i), digest_at(original, i))
            for i in chosen
        ]
        for label, previous in (
            ("with previous anchors", [p.anchor for p in original.paragraphs]),
            ("without previous anchors", None),
        ):
            elapsed, placements = _place(edited, previous, items)
            counts = _grade(original, edited, chosen, placements, truth)
            print(
                f"seed {seed}, {label}: {len(items):,} annotations in {elapsed:.3f} s | "
                + ", ".join(f"{name} {counts[name]}" for name in _GRADES)
            )


_GRADES = ("attached right", "moved right", "orphaned right", "missed", "wrong")


def _place(
    doc: Document, previous: Sequence[str] | None, items: list[tuple[str, Selector, str]]
) -> tuple[float, list[Placement]]:
    started = time.perf_counter()
    placements = Reanchorer(doc, previous).place_all(items)
    return time.perf_counter() - started, placements


def digest_at(doc: Document, index: int) -> str:
    """The text digest an annotation on paragraph ``index`` keeps."""
    return text_digest(doc.paragraphs[index].text)


def _oracle(original: Document, edited: Document) -> list[set[int] | None]:
    """For each original paragraph, the edited paragraphs that may take its annotations.

    ``None`` marks an unchanged paragraph (its text is still there), an empty set a
    deleted one. An edited paragraph may come back as one paragraph or, when the
    reader splits the edited block, as a run of two or three (any part is right).
    """
    where: dict[str, list[int]] = {}
    for p in edited.paragraphs:
        where.setdefault(normalize(p.text), []).append(p.index)
    original_texts = {normalize(p.text) for p in original.paragraphs}
    fresh = sorted(i for text, found in where.items() if text not in original_texts for i in found)
    runs: dict[str, set[int]] = {}
    for start in fresh:
        for stop in range(start + 1, min(start + 4, len(edited.paragraphs) + 1)):
            parts = range(start, stop)
            text = " ".join(normalize(edited.paragraphs[i].text) for i in parts)
            runs.setdefault(text, set()).update(parts)
    by_length: dict[int, list[str]] = {}
    for text in runs:
        by_length.setdefault(len(text), []).append(text)
    added = [normalize(s) for s in _ADDED_SENTENCES]
    truth: list[set[int] | None] = []
    for p in original.paragraphs:
        text = normalize(p.text)
        if text in where:
            truth.append(None)
            continue
        found: set[int] = set()
        for candidate in [f"{text} {s}" for s in added] + [
            other for other in by_length.get(len(text), ()) if _one_swap(text, other)
        ]:
            found |= runs.get(candidate, set())
        truth.append(found)
    return truth


def _one_swap(a: str, b: str) -> bool:
    diffs = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]


def _choose(truth: list[set[int] | None], rng: random.Random) -> list[int]:
    unchanged = [i for i, t in enumerate(truth) if t is None]
    changed = [i for i, t in enumerate(truth) if t is not None]
    take_changed = min(len(changed), round(ANNOTATIONS * (1 - UNCHANGED_SHARE)))
    chosen = rng.sample(changed, take_changed) + rng.sample(unchanged, ANNOTATIONS - take_changed)
    rng.shuffle(chosen)
    return chosen


def _grade(
    original: Document,
    edited: Document,
    chosen: list[int],
    placements: list[Placement],
    truth: list[set[int] | None],
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for i, placement in zip(chosen, placements, strict=True):
        expected = truth[i]
        if placement.index is None:
            counts["orphaned right" if expected == set() else "missed"] += 1
        elif expected is not None:
            counts["moved right" if placement.index in expected else "wrong"] += 1
        elif normalize(edited.paragraphs[placement.index].text) != normalize(
            original.paragraphs[i].text
        ):
            counts["wrong"] += 1
        elif placement.status is AnchorStatus.ATTACHED:
            counts["attached right"] += 1
        else:
            counts["moved right"] += 1
    return counts
