"""A write that fails leaves the store's view as the file is: nothing changed in memory only.

The store caches each file's tables until the file changes on disk. A change
applied to that cache before the write (a record patched in place) would show,
after a failed write (a full disk, a read-only folder), a note that was never
stored, and the next write would store it after all.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import reader.store.storage as storage
from reader.store import AnnotationStore, StoreError
from tests.core.store.conftest import MakeDocument


def _failing_write(path: Path, data: bytes, *, keep_previous: bool = True) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(path))


@pytest.mark.parametrize("change", ["note", "tags", "delete"])
def test_a_failed_write_changes_nothing_the_store_shows(
    store: AnnotationStore,
    data_dir: Path,
    make_document: MakeDocument,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    document = make_document()
    kept = store.add(document, 1, note="as stored", tags=["kept"])
    assert store.get(kept.id) == kept  # read once: the file's tables are cached
    with monkeypatch.context() as failing:
        failing.setattr(storage, "atomic_write", _failing_write)
        changes = {
            "note": lambda: store.update(kept.id, note="never stored"),
            "tags": lambda: store.update(kept.id, tags=["never"]),
            "delete": lambda: store.delete(kept.id),
        }
        with pytest.raises(StoreError, match="nothing was changed"):
            changes[change]()
    assert store.get(kept.id) == kept
    assert [a.id for a in store.annotations(document)] == [kept.id]
    store.update(kept.id, kind=kept.kind, color="green")  # a later write stores only its own change
    reopened = AnnotationStore.open(data_dir).get(kept.id)
    assert (reopened.note, reopened.tags, reopened.color) == ("as stored", ("kept",), "green")


def test_a_change_never_alters_records_read_before_it(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    """What a reader holds stays as it read it: a write makes new tables, new records."""
    document = make_document()
    kept = store.add(document, 1, note="as read")
    other = store.add(document, 2, note="another")
    core = store._core
    record, _ = core.locate(kept.id)
    before = core.records(record["id"])
    held, held_record = dict(before), dict(before[kept.id])
    store.update(kept.id, note="changed")
    store.delete(other.id)
    assert before == held
    assert before[kept.id] == held_record
    assert store.get(kept.id).note == "changed"
    assert [a.id for a in store.annotations(document)] == [kept.id]
