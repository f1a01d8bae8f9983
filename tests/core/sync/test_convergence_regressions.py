"""Cases the convergence state machine found: a document known here and sent by another."""

from __future__ import annotations

from tests.core.sync.test_convergence import SyncMachines


def _run(steps: list[tuple[str, dict[str, object]]]) -> None:
    state = SyncMachines()
    for name, args in steps:
        getattr(state, name)(**args)
    state.teardown()


def test_add_after_receiving_a_deleted_annotation_of_the_same_document() -> None:
    _run([
        ("add", {"doc": 0, "index": 0, "n": 0, "note": "", "tags": []}),
        ("sync", {"n": 0}),
        ("delete", {"n": 0, "pick": 0}),
        ("copy", {"owner": 0, "source": 0, "to": 2}),
        ("add", {"doc": 0, "index": 0, "n": 2, "note": "", "tags": []}),
    ])  # fmt: skip


def test_add_after_receiving_a_reading_position_of_the_same_document() -> None:
    _run([
        ("read", {"doc": 0, "index": 0, "n": 1}),
        ("sync", {"n": 1}),
        ("copy", {"owner": 1, "source": 1, "to": 0}),
        ("add", {"doc": 0, "index": 0, "n": 0, "note": "", "tags": []}),
    ])  # fmt: skip
