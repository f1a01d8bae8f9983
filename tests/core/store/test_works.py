"""Works and copies: recognised by content, linked and unlinked by hand, notes on every copy."""

from __future__ import annotations

from pathlib import Path

from reader.annotation import AnchorStatus
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.store.layout import LINKS, SKETCHES, FileKind
from reader.store.sketch import Sketch, same_work, sketch_of
from tests.core.store.conftest import MakeDocument

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def test_the_two_samples_are_one_work_and_an_unrelated_document_is_not(
    store: AnnotationStore, clean_sample: Path, webclip_sample: Path
) -> None:
    essay, clip = load_document(clean_sample), load_document(webclip_sample)
    faq_file = REAL / "debian-faq-en-extract.txt"
    faq = load_document(faq_file)
    assert same_work(sketch_of(essay), sketch_of(clip))
    assert not same_work(sketch_of(essay), sketch_of(faq))
    for doc in (essay, clip, faq):
        store.attach(doc)
    works = sorted(sorted(r.path for r in work) for work in store.works())
    assert works == sorted(
        [
            sorted([str(clean_sample.resolve()), str(webclip_sample.resolve())]),
            [str(faq_file.resolve())],
        ]
    )
    assert [r.path for r in store.copies(clip)] == [str(clean_sample.resolve())]
    assert store.copies(faq) == []


def test_a_note_on_the_essay_shows_on_the_clip_without_changing_its_record(
    store: AnnotationStore, clean_sample: Path, webclip_sample: Path, data_dir: Path
) -> None:
    essay, clip = load_document(clean_sample), load_document(webclip_sample)
    made = store.add(essay, 1, note="strategic partnership")
    essay_file = data_dir / "documents" / f"{made.document.id}.json"
    before = essay_file.read_bytes()
    assert store.attach(clip) == []
    [shown] = store.copy_annotations(clip)
    assert shown.id == made.id
    assert shown.document == made.document  # names the copy it was made on
    assert shown.status is AnchorStatus.ATTACHED
    paragraph = clip.paragraph_by_anchor(shown.anchor)
    assert paragraph is not None
    assert paragraph.text == essay.paragraphs[1].text
    assert essay_file.read_bytes() == before
    assert store.work_annotations(clip) == [shown]
    assert store.get(made.id) == made  # its own placement, on its own copy


def test_every_shared_paragraph_of_the_samples_is_placed_both_ways(
    store: AnnotationStore, clean_sample: Path, webclip_sample: Path
) -> None:
    essay, clip = load_document(clean_sample), load_document(webclip_sample)
    shared = {p.anchor for p in essay.paragraphs} & {p.anchor for p in clip.paragraphs}
    for doc in (essay, clip):
        for paragraph in doc.paragraphs:
            if paragraph.anchor in shared:
                store.add(doc, paragraph.index, note=f"{doc.format} {paragraph.index}")
    for doc in (essay, clip):
        placed = store.copy_annotations(doc)
        assert len(placed) == len(shared)
        assert all(a.anchor in shared and a.status is AnchorStatus.ATTACHED for a in placed)


def test_an_unlink_beats_the_automatic_grouping_and_a_later_link_beats_the_unlink(
    store: AnnotationStore, clean_sample: Path, webclip_sample: Path
) -> None:
    essay, clip = load_document(clean_sample), load_document(webclip_sample)
    store.add(essay, 0, note="n")
    store.attach(clip)
    assert len(store.copy_annotations(clip)) == 1
    former = store.unlink(clip)
    assert [r.path for r in former] == [str(clean_sample.resolve())]
    assert store.copies(clip) == []
    assert store.copy_annotations(clip) == []
    assert AnnotationStore.open(store.data_dir).copies(clip) == []  # remembered
    store.link(clip, essay)
    assert len(store.copy_annotations(clip)) == 1


def test_links_are_plain_records_with_ids_only_ever_added(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    first = make_document(name="a.txt")
    other = make_document(["Something else entirely, in a paragraph of its own."], name="b.txt")
    assert store.copies(first) == []
    work = store.link(first, other)
    assert len(work) == 2
    store.unlink(other)
    store.link(other, first)
    tables = store._core.catalogue_tables()
    records = list(tables[LINKS].values())
    assert [r["action"] for r in sorted(records, key=lambda r: r["created"])] == [
        "link",
        "unlink",
        "link",
    ]
    for key, record in tables[LINKS].items():
        assert record["id"] == key
        assert set(record) == {"id", "action", "document", "other", "created"}
    assert len(store.copies(first)) == 1


def test_a_document_without_copies_is_known_so_from_its_catalogue_record_alone(
    store: AnnotationStore, make_document: MakeDocument, data_dir: Path
) -> None:
    doc = make_document()
    store.attach(doc)
    fresh = AnnotationStore.open(data_dir)
    (data_dir / "works.json").unlink()  # not read: the record says it has no ties
    assert fresh.copies(doc) == []
    assert not (data_dir / "works.json").exists()


def test_ties_follow_a_new_version_of_a_copy(
    store: AnnotationStore, tmp_path: Path, clean_sample: Path, webclip_sample: Path
) -> None:
    essay_path = tmp_path / "essay.txt"
    essay_path.write_text(clean_sample.read_text(encoding="utf-8"), encoding="utf-8")
    essay, clip = load_document(essay_path), load_document(webclip_sample)
    store.attach(essay)
    store.attach(clip)
    assert len(store.copies(clip)) == 1
    essay_path.write_text("Something else entirely, now, and nothing of the essay.\n")
    store.attach(load_document(essay_path))  # the same document (its path), another text
    assert store.copies(clip) == []


def test_the_sketch_is_stored_once_per_version(
    store: AnnotationStore, make_document: MakeDocument, data_dir: Path
) -> None:
    doc = make_document()
    store.attach(doc)
    works = data_dir / "works.json"
    stamp = works.stat().st_mtime_ns
    store.attach(doc)
    store.copies(doc)
    assert works.stat().st_mtime_ns == stamp
    record = store.document_record(doc)
    assert record is not None
    tables = store._core.file(store.layout.works, FileKind.WORKS).load()
    assert tables is not None
    row = tables[SKETCHES][record.id]
    assert store._core.documents_table()[record.id]["sketched"] == doc.fingerprint
    assert row["fingerprint"] == doc.fingerprint
    assert Sketch.from_json(row) == sketch_of(doc)


def test_a_document_never_recorded_finds_its_copies_without_being_recorded(
    store: AnnotationStore, clean_sample: Path, webclip_sample: Path
) -> None:
    essay, clip = load_document(clean_sample), load_document(webclip_sample)
    store.add(essay, 1, note="n")
    assert [a.note for a in store.work_annotations(clip, record=False)] == ["n"]
    assert store.document_record(clip) is None
