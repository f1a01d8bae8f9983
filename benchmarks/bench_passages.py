"""Passages through edits: 1,000 passages found again on an edited copy of the 5 MB book.

As in ``bench_reanchor``, 1,000 paragraphs of the book are annotated (27 % of them
among those the edit changes: a typo fixed, a sentence added, moved, deleted) and
placed on ``edited_copy(text, seed)``; here each annotation covers a passage of its
paragraph, a run of 3 to 12 whole words chosen at random. After the paragraph is
placed, its passage is found again in the placed paragraph's text
(:func:`reader.reanchor.passages.follow_passage`), which is what is timed.

Graded against what the edits do (none of them shifts text inside a paragraph:
a typo swaps two letters, a sentence is added at the end; but the reader may
split an edited block, and the paragraph is then placed on one part): a passage
is **right** when it is found after the same text with its words (or the same
words with the typo fixed), **part kept** when a split moved the end of its
words to the next part and it covers the part left, **lost** when it falls back
to the whole paragraph (safe, and said), and **wrong** otherwise (must be 0).
Passages of orphaned paragraphs are not placed and are counted apart.
"""

from __future__ import annotations

import random
import re
import time

from benchmarks.bench_reanchor import _choose, _one_swap, _oracle, digest_at
from benchmarks.corpus import book_text, edited_copy
from reader.annotation import Passage, make_passage
from reader.readers import read_text
from reader.reanchor import Reanchorer, make_selector
from reader.reanchor.passages import follow_passage

SEEDS = (1, 2, 3)
RATE = 0.01
_WORD = re.compile(r"\S+")


def main() -> None:
    """Print the time to place the passages and the right/lost/wrong counts per seed."""
    text = book_text()
    original = read_text(text, format="text")
    print(f"book: {len(text) / 1e6:.1f} MB, {len(original.paragraphs):,} paragraphs")
    for seed in SEEDS:
        rng = random.Random(seed)
        edited = read_text(edited_copy(text, seed, rate=RATE), format="text")
        chosen = _choose(_oracle(original, edited), rng)
        passages = [_random_passage(original.paragraphs[i].text, rng) for i in chosen]
        items = [
            (original.paragraphs[i].anchor, make_selector(original, i), digest_at(original, i))
            for i in chosen
        ]
        placements = Reanchorer(edited, [p.anchor for p in original.paragraphs]).place_all(items)
        started = time.perf_counter()
        found = [
            None
            if placement.index is None
            else follow_passage(passage, None, edited.paragraphs[placement.index].text)[0]
            for passage, placement in zip(passages, placements, strict=True)
        ]
        elapsed = time.perf_counter() - started
        counts = dict.fromkeys(_GRADES, 0)
        for i, passage, placement, got in zip(chosen, passages, placements, found, strict=True):
            if placement.index is None:
                counts["paragraph orphaned"] += 1
            else:
                before = original.paragraphs[i].text[: passage.start]
                now = edited.paragraphs[placement.index].text
                counts[_grade(passage, got, before, now)] += 1
        print(
            f"seed {seed}: {len(passages):,} passages placed in {elapsed * 1000:.1f} ms | "
            + ", ".join(f"{name} {count}" for name, count in counts.items())
        )


_GRADES = ("right", "part kept", "lost", "wrong", "paragraph orphaned")


def _grade(passage: Passage, got: Passage | None, before: str, now: str) -> str:
    """How ``got`` (the passage found in the placed paragraph ``now``) compares.

    ``before`` is the original paragraph's text before the passage. The edits shift
    nothing inside a paragraph, except that the reader may split an edited block:
    then the placed paragraph is one part, and starts later or ends sooner.
    """
    if got is None:
        return "lost"
    same_words = got.exact == passage.exact or (
        len(got.exact) == len(passage.exact) and _one_swap(passage.exact, got.exact)
    )
    # At its offsets (a typo keeps them), or after the tail of its text (a split part).
    in_place = got.start == len(before) or before.endswith(now[: got.start])
    if same_words and in_place:
        return "right"
    if in_place and got.exact and passage.exact.startswith(got.exact):
        return "part kept"  # the rest of its words went to the next part of a split
    return "wrong"


def _random_passage(text: str, rng: random.Random) -> Passage:
    """A run of 3 to 12 whole words of ``text`` (all of a shorter paragraph)."""
    words = list(_WORD.finditer(text))
    length = min(len(words), rng.randint(3, 12))
    first = rng.randrange(len(words) - length + 1)
    return make_passage(text, words[first].start(), words[first + length - 1].end())
