"""The catalogue's per-document summary, counted in full or one added record at a time."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reader.store.codec import document_summary, summary_with

_records = st.lists(
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(["attached", "moved", "orphaned"]),
            "tags": st.lists(
                st.sampled_from(["Policy", "policy", "Asia", "a/b", " x "]), max_size=3
            ),
            "created": st.sampled_from(
                ["2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "2024-12-31T00:00:00Z"]
            ),
        }
    ),
    max_size=12,
)


@given(_records)
def test_adding_records_one_at_a_time_matches_counting_them_all(
    records: list[dict[str, Any]],
) -> None:
    summary = document_summary(())
    for n, record in enumerate(records, 1):
        previous = summary
        summary = summary_with(previous, record)
        assert summary == document_summary(records[:n])
        assert previous == document_summary(records[: n - 1])  # left as it was
