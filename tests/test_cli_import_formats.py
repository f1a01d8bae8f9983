"""``reader import`` of other readers' files: every format, twice (the second adds nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.annotation import AnchorStatus, AnnotationKind
from reader.cli import main
from reader.readers import load_document
from reader.store import AnnotationStore
from tests.core.importers.samples import (
    ESSAY,
    KINDLE_CLIPPINGS,
    KOREADER_LEGACY_SIDECAR,
    KOREADER_SIDECAR,
    READWISE_CSV,
)


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library folder (./documents) holding the book, and a similar-looking one."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "the-lighthouse-keeper.md").write_text(ESSAY, encoding="utf-8")
    (folder / "The Lighthouse Keepers Wife.md").write_text(
        "# The Lighthouse Keeper's Wife\n\nShe never climbed the stairs.\n", encoding="utf-8"
    )
    return folder / "the-lighthouse-keeper.md"


def _import(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["import", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def test_kindle_clippings_twice(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_bytes(KINDLE_CLIPPINGS.encode("utf-8"))
    first = _import(capsys, str(clippings))
    assert first == [
        "'The Lighthouse Keeper' by Byron, Ada into 'The Lighthouse Keeper': "
        "3 placed, 2 orphaned, 1 skipped",
        "'Another Book Entirely' by Someone Else: no matching document, 1 skipped "
        "(put the book in the library folder, or pass --document PATH)",
        f"Imported {clippings} (kindle, 2 books): 3 placed, 2 orphaned, 2 skipped, "
        "0 already present",
    ]
    annotations = AnnotationStore.open().annotations(load_document(library))
    placed = {
        a.selector.quote[:20]: a for a in annotations if a.status is not AnchorStatus.ORPHANED
    }
    assert sorted(placed) == [
        '"Nothing is lost at ',
        "The lighthouse stood",
        "When the morning cam",
    ]
    note = placed["The lighthouse stood"]
    assert (note.kind, note.note) == (AnnotationKind.NOTE, "Routine as devotion.")
    orphans = [a.selector.quote for a in annotations if a.status is AnchorStatus.ORPHANED]
    assert sorted(orphans) == [
        "He kept a log of every ship that passed",
        "The harbour master counted the gulls twice and then went home to sleep early.",
    ]
    second = _import(capsys, str(clippings))
    assert second[-1] == (
        f"Imported {clippings} (kindle, 2 books): 0 placed, 0 orphaned, 2 skipped, "
        "5 already present"
    )
    assert len(AnnotationStore.open().annotations(load_document(library))) == 5


def test_a_koreader_sdr_folder_next_to_its_book_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no library: the book is found next to its sidecar
    device = tmp_path / "device"
    (device / "Lighthouse.sdr").mkdir(parents=True)
    (device / "Lighthouse.md").write_text(ESSAY, encoding="utf-8")
    (device / "Lighthouse.sdr" / "metadata.md.lua").write_bytes(KOREADER_SIDECAR)
    first = _import(capsys, str(device / "Lighthouse.sdr"))
    assert first[0] == (
        "'The Lighthouse Keeper' by Ada Byron into 'The Lighthouse Keeper': "
        "3 placed, 0 orphaned, 1 skipped"
    )
    annotations = AnnotationStore.open().annotations(load_document(device / "Lighthouse.md"))
    # The chapter KOReader names chose between the two copies of the repeated paragraph.
    repeated = [a for a in annotations if a.selector.quote.startswith("He kept a log")]
    assert [a.selector.index for a in repeated] == [5]
    second = _import(capsys, "--format", "koreader", str(device / "Lighthouse.sdr"))
    assert second[-1].endswith("0 placed, 0 orphaned, 1 skipped, 3 already present")
    # --document wins over the book next to the sidecar.
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nThe lighthouse stood on a spit of black rock.\n", encoding="utf-8")
    fresh = ["--data-dir", str(tmp_path / "fresh")]
    assert main([*fresh, "import", str(device / "Lighthouse.sdr"), "--document", str(other)]) == 0
    third = capsys.readouterr().out.splitlines()
    assert third[0].endswith("into 'Other': 1 placed, 2 orphaned, 1 skipped")


def test_a_koreader_sidecar_alone_is_matched_in_the_library(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = tmp_path / "metadata.epub.lua"
    sidecar.write_bytes(KOREADER_SIDECAR)
    assert _import(capsys, str(sidecar))[-1].endswith(
        "3 placed, 0 orphaned, 1 skipped, 0 already present"
    )
    assert _import(capsys, str(sidecar))[-1].endswith(
        "0 placed, 0 orphaned, 1 skipped, 3 already present"
    )


def test_readwise_csv_twice(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "readwise-data.csv"
    export.write_text(READWISE_CSV, encoding="utf-8")
    first = _import(capsys, str(export))
    assert first[0] == (
        "'The Lighthouse Keeper' by Ada Byron into 'The Lighthouse Keeper': "
        "2 placed, 1 orphaned, 1 skipped"
    )
    tagged = [a for a in AnnotationStore.open().annotations(load_document(library)) if a.tags]
    assert [a.tags for a in tagged] == [("favorite", "sea", "fiction")]
    assert _import(capsys, str(export))[-1].endswith(
        "0 placed, 0 orphaned, 2 skipped, 3 already present"
    )


def test_a_note_added_since_the_last_import_is_picked_up(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clipping = (
        "The Lighthouse Keeper (Ada Byron)\n- Your Highlight on Location 5-6 | Added on "
        "Monday, March 4, 2019 10:02:00 PM\n\nThe storm came in October\n==========\n"
    )
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_text(clipping, encoding="utf-8")
    _import(capsys, str(clippings))
    clippings.write_text(
        clipping + "The Lighthouse Keeper (Ada Byron)\n- Your Note on Location 6 | Added on "
        "Monday, March 4, 2019 10:05:00 PM\n\nA late thought.\n==========\n",
        encoding="utf-8",
    )
    _import(capsys, str(clippings))
    (annotation,) = AnnotationStore.open().annotations(load_document(library))
    assert (annotation.kind, annotation.note) == (AnnotationKind.NOTE, "A late thought.")


def test_hypothesis_and_w3c_json_twice(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quote = {"type": "TextQuoteSelector", "exact": "for three nights the lamp burned"}
    hypothesis = tmp_path / "hypothesis.json"
    hypothesis.write_text(
        json.dumps(
            [
                {
                    "id": "hyp-1",
                    "uri": "https://example.org/lighthouse",
                    "user": "acct:reader@hypothes.is",
                    "text": "A long watch.",
                    "tags": ["storm"],
                    "target": [{"source": "https://example.org/lighthouse", "selector": [quote]}],
                }
            ]
        )
    )
    w3c = tmp_path / "w3c.json"
    w3c.write_text(
        json.dumps(
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "type": "AnnotationCollection",
                "first": {
                    "items": [
                        {
                            "id": "https://example.org/anno/1",
                            "type": "Annotation",
                            "motivation": "highlighting",
                            "target": {
                                "source": "https://example.org/lighthouse",
                                "selector": {**quote, "exact": "a spit of black rock"},
                            },
                        }
                    ]
                },
            }
        )
    )
    for path, format in ((hypothesis, "hypothesis"), (w3c, "w3c")):
        first = _import(capsys, str(path), "--document", str(library))
        assert first[-1].endswith(": 1 added, 0 already present, 0 orphaned")
        again = _import(capsys, str(path), "--document", str(library), "--format", format)
        assert again[-1].endswith(": 0 added, 1 already present, 0 orphaned")


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"plain words, no format", [], "not a format reader imports; pass --format"),
        (b"return { a = os.execute('x') }", [], "not a KOReader sidecar"),
        (b"Title,Author\nx,y\n", ["--format", "readwise"], "not Readwise's CSV header"),
        (b"nothing here", ["--format", "kindle"], "holds no kindle annotations"),
    ],
)
def test_files_that_cannot_be_imported_are_a_one_line_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    args: list[str],
    message: str,
) -> None:
    path = tmp_path / "notes.dat"
    path.write_bytes(content)
    assert main(["import", str(path), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_folder_without_sidecars(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("not a sidecar")
    assert main(["import", str(tmp_path)]) == 2
    assert "a folder without KOReader sidecars" in capsys.readouterr().err


def test_every_sidecar_of_an_e_reader_folder_twice(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "device"
    for shelf, name, sidecar in (
        ("fiction", "Lighthouse", KOREADER_SIDECAR),
        ("fiction/old", "Lighthouse again", KOREADER_LEGACY_SIDECAR),
        ("damaged", "Broken", b"return { oops"),
    ):
        folder = device / shelf / f"{name}.sdr"
        folder.mkdir(parents=True)
        (folder / "metadata.epub.lua").write_bytes(sidecar)
    assert main(["import", str(device)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "not a KOReader sidecar" in captured.err
    assert "Broken.sdr" in captured.err
    assert captured.out.splitlines()[-1] == (
        f"Imported {device} (koreader, 2 books): 5 placed, 0 orphaned, 2 skipped, 0 already present"
    )
    assert main(["import", str(device)]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .endswith("0 placed, 0 orphaned, 2 skipped, 5 already present")
    )
    assert main(["import", str(device), "--format", "kindle"]) == 2
    assert "it is read for KOReader sidecars" in capsys.readouterr().err


def test_document_option_for_a_book_the_library_does_not_have(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_text(
        "Keeper Of Lights (Anonymous)\n- Your Highlight on Location 1-2 | Added on Monday, "
        "March 4, 2019 10:02:00 PM\n\nthe lamp burned without pause\n==========\n",
        encoding="utf-8",
    )
    assert "no matching document" in _import(capsys, str(clippings))[0]
    out = _import(capsys, str(clippings), "--document", str(library))
    assert out[0].endswith("1 placed, 0 orphaned, 0 skipped")


_PIECES = st.sampled_from(
    [
        KINDLE_CLIPPINGS[:400],
        "==========\n",
        "The Lighthouse Keeper (Ada Byron)\n",
        "- Your Highlight on Location 1-2 | Added on Monday, March 4, 2019 10:02:00 PM\n\n",
        "- Your Note on Location 2 | Added on x\n\n",
        "the lamp burned without pause\n",
        "\x1b]2;title\x07\x00\ufeff\r\n",
        READWISE_CSV[:150],
        "return {",
        '["annotations"] = { [1] = { ["pos0"] = "x", ["text"] = "black rock" } } }',
        "{",
        '"rows": [',
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(_PIECES, max_size=12))
def test_any_mixture_of_formats_is_imported_or_refused_in_one_line(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], pieces: list[str]
) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text("".join(pieces), encoding="utf-8")
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1, 2, 3), err
    assert "internal error" not in err
    if code:
        assert err.startswith("reader: ")
        assert err.count("\n") == 1
