"""Starting ``reader`` stays cheap: heavy modules load only when a command needs them.

Every ``reader FILE`` pays for what the command line imports before the app's
first screen; these checks run in a fresh interpreter so a top-level import
added anywhere on that path fails here instead of silently costing startup time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "textual",
    "tinydb",
    "reader.store",
    "reader.export",
    "reader.reanchor",
    "reader.tui",
    "rapidfuzz",
    "pypdfium2",
    "selectolax",
    "yaml",
    "charset_normalizer",
    "importlib.metadata",
)
"""Modules the parser, ``--help`` and a plain-text read have no use for."""

PARSERS = ("pypdfium2", "selectolax", "yaml", "charset_normalizer")


def _loaded_after(code: str, watched: tuple[str, ...]) -> list[str]:
    """Which of ``watched`` are in ``sys.modules`` after running ``code`` in a new process."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {watched!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_importing_the_cli_loads_no_heavy_module() -> None:
    assert _loaded_after("import reader.cli", HEAVY) == []


def test_help_loads_no_heavy_module() -> None:
    code = (
        "import contextlib, io\nfrom reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])"
    )
    assert _loaded_after(code, HEAVY) == []


def test_reading_plain_text_loads_no_format_parser(tmp_path: Path) -> None:
    book = tmp_path / "book.txt"
    book.write_text("A TITLE\n\nA paragraph of text.\n\nAnother one.\n" * 50, encoding="utf-8")
    code = f"from reader.readers import load_document\nload_document({str(book)!r})"
    assert _loaded_after(code, PARSERS) == []


def test_previewing_markdown_loads_no_other_reader(tmp_path: Path) -> None:
    """Neither sniffing for EPUB or PDF signatures nor a preview imports their parsers."""
    book = tmp_path / "book.md"
    text = "---\ntitle: A Book\n---\n\n" + "# A Title\n\nA paragraph of text.\n\n" * 20_000
    book.write_text(text, encoding="utf-8")
    code = (
        "from pathlib import Path\nfrom reader.readers import load_preview\n"
        f"assert load_preview(Path({str(book)!r}))"
    )
    others = ("reader.readers.epub", "reader.readers.pdf", "reader.readers.html")
    assert _loaded_after(code, (*others, *PARSERS)) == []


def test_reading_the_store_loads_no_tinydb(tmp_path: Path) -> None:
    """The app's first frame reads the store (theme, reading position): no TinyDB."""
    code = (
        "from pathlib import Path\nfrom reader.store import AnnotationStore\n"
        "from reader.readers.builder import DocumentBuilder\n"
        f"store = AnnotationStore.open(Path({str(tmp_path)!r}))\n"
        "store.preference('theme')\n"
        "builder = DocumentBuilder('text')\nbuilder.paragraph('One.')\n"
        "store.reading_position(builder.build())"
    )
    assert _loaded_after(code, ("tinydb",)) == []


def test_version_is_looked_up_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    import reader
    from reader.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"reader {reader.__version__}\n"
    assert reader.__version__ == reader.version()
    assert reader.__version__  # installed in the test environment: a real version


def test_an_unknown_package_attribute_is_an_attribute_error() -> None:
    import reader

    with pytest.raises(AttributeError):
        _ = reader.no_such_thing


def test_reading_the_store_for_the_first_screen_loads_no_writer_module(tmp_path: Path) -> None:
    """Theme and reading position are read before the first frame; the rest waits.

    The lock and re-anchoring (filelock, rapidfuzz: some 30 ms) load with the
    first write or attach, in the loading worker.
    """
    book = tmp_path / "book.txt"
    book.write_text("A TITLE\n\nA paragraph of text.\n", encoding="utf-8")
    code = (
        "from pathlib import Path\nfrom reader.readers import load_document\n"
        "from reader.store import AnnotationStore\n"
        f"store = AnnotationStore.open(Path({str(tmp_path / 'data')!r}))\n"
        f"store.preference('theme')\nstore.reading_position(load_document({str(book)!r}))"
    )
    assert _loaded_after(code, ("reader.reanchor", "rapidfuzz", "filelock")) == []


def test_the_config_file_is_found_and_read_without_extra_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """READER_CONFIG names the file: no platformdirs; no file there: no TOML parser."""
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "absent.toml"))
    code = "from reader.config import load_config\nload_config()"
    assert _loaded_after(code, ("platformdirs", "tomllib")) == []
