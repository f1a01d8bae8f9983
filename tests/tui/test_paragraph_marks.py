"""The marks the document view shows, kept in paragraph order (no Textual)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.annotation import AnnotationKind
from reader.tui.paragraph_marks import ParagraphMarks

NOTE, HIGHLIGHT = AnnotationKind.NOTE, AnnotationKind.HIGHLIGHT


def test_marks_outside_the_document_are_dropped() -> None:
    marks = ParagraphMarks(10, {-1: NOTE, 3: NOTE, 9: HIGHLIGHT, 10: NOTE})
    assert marks.kinds == {3: NOTE, 9: HIGHLIGHT}
    assert marks.ordered == [3, 9]
    assert not marks.set(10, NOTE)
    assert 10 not in marks


def test_next_and_previous_mark_and_what_is_said_at_the_ends() -> None:
    assert ParagraphMarks(10).step(4, 1) == (None, "no notes yet")
    assert ParagraphMarks(10).step(4, -1) == (None, "no notes yet")
    marks = ParagraphMarks(10, {2: NOTE, 5: NOTE, 7: HIGHLIGHT})
    assert marks.step(5, 1) == (7, "")  # after the current paragraph, not on it
    assert marks.step(5, -1) == (2, "")
    assert marks.step(0, 1) == (2, "")
    assert marks.step(7, 1) == (None, "last note")
    assert marks.step(2, -1) == (None, "first note")


def test_setting_one_mark_reports_whether_it_changed() -> None:
    marks = ParagraphMarks(10)
    assert marks.set(4, NOTE)
    assert not marks.set(4, NOTE)  # the same kind again
    assert marks.set(4, HIGHLIGHT)
    assert marks.kinds == {4: HIGHLIGHT}
    assert marks.set(4, None)
    assert not marks.set(4, None)
    assert len(marks) == 0


@given(
    st.lists(st.tuples(st.integers(-2, 21), st.sampled_from([None, NOTE, HIGHLIGHT])), max_size=40)
)
def test_one_change_at_a_time_agrees_with_replacing_them_all(
    changes: list[tuple[int, AnnotationKind | None]],
) -> None:
    marks = ParagraphMarks(20)
    expected: dict[int, AnnotationKind] = {}
    for index, kind in changes:
        marks.set(index, kind)
        if 0 <= index < 20:
            if kind is None:
                expected.pop(index, None)
            else:
                expected[index] = kind
    assert marks.kinds == expected
    assert marks.ordered == sorted(expected)
    for index in range(20):
        after = [i for i in sorted(expected) if i > index]
        before = [i for i in sorted(expected) if i < index]
        assert marks.after(index) == (after[0] if after else None)
        assert marks.before(index) == (before[-1] if before else None)
