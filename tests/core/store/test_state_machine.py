"""The store behaves like a plain dict of annotations, whatever the sequence of operations."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from reader.annotation import Annotation, AnnotationKind, normalize_tag
from reader.store import AnnotationNotFoundError, AnnotationStore
from tests.core.store.conftest import PARAGRAPHS, write_document

# Tags that collide case-insensitively (ß folds to ss) or nest, and empty ones.
TAGS = st.lists(st.sampled_from(["a", "A", "a/b", "A/B", "ß", "SS", "x y", "", " "]), max_size=4)
NOTES = st.text(max_size=30)
KINDS = st.sampled_from(list(AnnotationKind))


def _cleaned(tags: list[str]) -> tuple[str, ...]:
    kept: dict[str, str] = {}
    for tag in tags:
        if normalize_tag(tag):
            kept.setdefault(normalize_tag(tag), tag)
    return tuple(kept.values())


class StoreMachine(RuleBasedStateMachine):
    """Adds, edits, re-tags, deletes, restores, attaches to another paragraph and reopens,
    checked against a dict."""

    added = Bundle("added")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="reader-machine-"))
        self.docs = [
            write_document(self.folder / "one.txt", PARAGRAPHS[:4]),
            write_document(self.folder / "two.txt", PARAGRAPHS[4:]),
        ]
        self.store = AnnotationStore.open(self.folder / "data")
        self.model: dict[str, dict[str, Any]] = {}
        self.deleted: dict[str, Annotation] = {}
        self.deleted_places: dict[str, dict[str, Any]] = {}

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(
        target=added,
        which=st.integers(0, 1),
        index=st.integers(0, 3),
        note=NOTES,
        tags=TAGS,
        kind=KINDS,
    )
    def add(self, which: int, index: int, note: str, tags: list[str], kind: AnnotationKind) -> str:
        annotation = self.store.add(self.docs[which], index, kind=kind, note=note, tags=tags)
        self.model[annotation.id] = {
            "note": note,
            "tags": _cleaned(tags),
            "kind": kind,
            "which": which,
            "at": index,
        }
        return annotation.id

    @rule(annotation_id=added, note=NOTES)
    def edit(self, annotation_id: str, note: str) -> None:
        self._change(annotation_id, note=note)

    @rule(annotation_id=added, tags=TAGS)
    def tag(self, annotation_id: str, tags: list[str]) -> None:
        self._change(annotation_id, tags=tags)

    @rule(annotation_id=added, kind=KINDS)
    def rekind(self, annotation_id: str, kind: AnnotationKind) -> None:
        self._change(annotation_id, kind=kind)

    def _change(self, annotation_id: str, **change: Any) -> None:
        if annotation_id not in self.model:
            with pytest.raises(AnnotationNotFoundError):
                self.store.update(annotation_id, **change)
            return
        updated = self.store.update(annotation_id, **change)
        if "tags" in change:
            change["tags"] = _cleaned(change["tags"])
        self.model[annotation_id].update(change)
        assert (updated.note, updated.tags, updated.kind) == tuple(
            self.model[annotation_id][k] for k in ("note", "tags", "kind")
        )

    @rule(annotation_id=added)
    def delete(self, annotation_id: str) -> None:
        if annotation_id not in self.model:
            with pytest.raises(AnnotationNotFoundError):
                self.store.delete(annotation_id)
            return
        self.deleted[annotation_id] = self.store.delete(annotation_id)
        self.deleted_places[annotation_id] = self.model.pop(annotation_id)

    @rule(annotation_id=added)
    def restore(self, annotation_id: str) -> None:
        removed = self.deleted.pop(annotation_id, None)
        if removed is not None:
            self.store.restore(removed)
            self.model[annotation_id] = {
                **self.deleted_places.pop(annotation_id),
                "note": removed.note,
                "tags": removed.tags,
                "kind": removed.kind,
            }

    @rule(annotation_id=added, index=st.integers(0, 3))
    def reattach(self, annotation_id: str, index: int) -> None:
        if annotation_id not in self.model:
            with pytest.raises(AnnotationNotFoundError):
                self.store.attach_to_paragraph(self.docs[0], annotation_id, index)
            return
        expected = self.model[annotation_id]
        placed = self.store.attach_to_paragraph(self.docs[expected["which"]], annotation_id, index)
        expected["at"] = index
        assert (placed.note, placed.tags, placed.kind) == (
            expected["note"],
            expected["tags"],
            expected["kind"],
        )

    @rule()
    def reopen(self) -> None:
        self.store = AnnotationStore.open(self.folder / "data")

    @invariant()
    def same_as_the_model(self) -> None:
        listed = {a.id: a for a in self.store.annotations()}
        assert set(listed) == set(self.model)
        for annotation_id, expected in self.model.items():
            got = listed[annotation_id]
            assert (got.note, got.tags, got.kind) == (
                expected["note"],
                expected["tags"],
                expected["kind"],
            )
            assert got.anchor == self.docs[expected["which"]].paragraphs[expected["at"]].anchor
        counts: Counter[str] = Counter(
            normalize_tag(t) for expected in self.model.values() for t in expected["tags"]
        )
        assert {normalize_tag(t): n for t, n in self.store.tags().items()} == dict(counts)
        per_document = Counter(a.document.id for a in listed.values())
        for record in self.store.documents():
            assert record.annotation_count == per_document[record.id]


StoreMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
test_store_matches_a_dict_model = StoreMachine.TestCase
