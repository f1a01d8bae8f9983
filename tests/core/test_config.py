"""The configuration file: location, keymap, library folder, and one-line errors."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.config import DEFAULT_TEXT_WIDTH, ConfigError, config_path, load_config


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("READER_CONFIG", str(path))
    return path


def test_config_path_follows_reader_config(config_file: Path) -> None:
    assert config_path() == config_file


def test_config_path_defaults_to_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/somewhere/config")
    assert config_path() == Path("/somewhere/config/reader/config.toml")


def test_missing_file_gives_defaults(config_file: Path) -> None:
    config = load_config()
    assert config.keymap == {}
    assert config.library is None
    assert config.text_width == DEFAULT_TEXT_WIDTH == 80
    assert config.path == config_file


def test_text_width_is_read(config_file: Path) -> None:
    config_file.write_text("text_width = 66\n", encoding="utf-8")
    assert load_config().text_width == 66


def test_keymap_and_library_are_read(config_file: Path) -> None:
    config_file.write_text(
        'library = "~/Reading"\n[keymap]\n"reader.annotate" = "A"\n"app.quit" = " q , ctrl+q "\n',
        encoding="utf-8",
    )
    config = load_config()
    assert config.keymap == {"reader.annotate": "A", "app.quit": "q,ctrl+q"}
    assert config.library == Path("~/Reading").expanduser()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("keymap = [", "not valid TOML"),
        ("keymap = 3", "[keymap] must be a table"),
        ('[keymap]\n"app.quit" = 1', "'app.quit' must be a non-empty string"),
        ('[keymap]\n"app.quit" = ""', "'app.quit' must be a non-empty string"),
        ("library = 5", "library must be a folder path"),
        ("text_width = 19", "text_width must be a whole number of columns from 20 to 400"),
        ("text_width = 401", "text_width must be a whole number"),
        ('text_width = "72"', "text_width must be a whole number"),
        ("text_width = 72.5", "text_width must be a whole number"),
        ("text_width = true", "text_width must be a whole number"),
    ],
)
def test_bad_file_is_a_one_line_error_naming_it(config_file: Path, text: str, message: str) -> None:
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert message in str(caught.value)
    assert str(config_file) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_undecodable_file_is_reported(config_file: Path) -> None:
    config_file.write_bytes(b"\xff\xfe[keymap]")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config()


def _kind_error(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_a_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    assert "is a folder, not a file" in _kind_error(tmp_path)


def test_a_device_is_refused_without_reading_it() -> None:
    # Reading /dev/zero to the end would never finish (it ran out of memory).
    assert "is a device, not a file" in _kind_error(Path("/dev/zero"))


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    outcome: list[object] = []

    def load() -> None:
        try:
            outcome.append(load_config(fifo))
        except ConfigError as error:
            outcome.append(error)

    loader = threading.Thread(target=load)
    loader.start()
    # Code that waits for a writer gets one (and then a config, failing the test)
    # instead of hanging: write a line whenever a reader holds the pipe open.
    while loader.is_alive():
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO: no reader yet
        except OSError:
            loader.join(0.01)
            continue
        try:
            os.write(writer, b'library = "/tmp"\n')
        except BrokenPipeError:
            pass
        finally:
            os.close(writer)
        loader.join(0.01)
    [error] = outcome
    assert isinstance(error, ConfigError)
    assert "is a named pipe, not a file" in str(error)
    assert "\n" not in str(error)


def test_a_file_over_a_megabyte_is_refused(config_file: Path) -> None:
    config_file.write_text("# padding\n" * 110_000, encoding="utf-8")
    message = _kind_error(config_file)
    assert "MB" in message
    assert "1 MB" in message
