"""Textual's private API that reader.tui.textual_compat relies on is still there and still works.

A Textual release that renames, re-signs or stops calling any of these fails
here, by name, rather than as a slow or wrongly styled document view.
"""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path
from typing import ClassVar

import textual
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.drivers.linux_driver import LinuxDriver
from textual.message_pump import MessagePump
from textual.scroll_view import ScrollView
from textual.widget import Widget

from reader.tui.textual_compat import TESTED_TEXTUAL, CompatScrollView, key_name

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

CSS = """
Probe > .probe--loud { color: red; text-style: bold; }
Probe > .probe--quiet { color: blue; }
"""


class Probe(CompatScrollView):
    """Records what the compatibility hooks report."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"probe--loud", "probe--quiet"}
    DEFAULT_CSS = CSS

    def __init__(self) -> None:
        super().__init__()
        self.restyles: list[frozenset[str]] = []
        self.sizings = 0

    def restyled(self, component_classes: frozenset[str]) -> None:
        self.restyles.append(component_classes)

    def sizing(self) -> None:
        self.sizings += 1


class Plain(ScrollView):
    """The same classes styled the public way, by Textual itself."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"plain--loud"}
    DEFAULT_CSS = "Plain > .plain--loud { color: red; text-style: bold; }"


class ProbeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Probe()
        yield Plain()


def test_textual_is_a_tested_version_and_the_pin_says_so() -> None:
    version = Version(textual.__version__)
    assert (version.major, version.minor) in TESTED_TEXTUAL
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    [pin] = [d for d in dependencies if d.startswith("textual")]
    allowed = SpecifierSet(pin.removeprefix("textual"))
    assert version in allowed
    for major, minor in TESTED_TEXTUAL:  # no untested minor version is allowed
        assert Version(f"{major}.{minor + 1}") not in allowed


def test_the_private_members_have_the_shape_relied_on() -> None:
    assert "_get_component_classes" in vars(DOMNode)
    process = inspect.getsource(Stylesheet._process_component_classes)
    assert "node._get_component_classes()" in process
    assert "_component_styles" in process
    assert list(inspect.signature(MessagePump._attach).parameters) == ["self", "parent"]
    sized = inspect.signature(ScrollView._size_updated).parameters
    assert list(sized) == ["self", "size", "virtual_size", "container_size", "layout"]
    assert "_component_styles" in vars(Widget())
    # The driver's output file: set when it is made, written by the output thread.
    assert "self._file = sys.__stderr__" in inspect.getsource(LinuxDriver.__init__)
    assert "WriterThread(self._file)" in inspect.getsource(LinuxDriver.start_application_mode)
    # Keys written as characters, named as bindings name them.
    assert [key_name(k) for k in ("?", "+", "j", "ctrl+s")] == [
        "question_mark",
        "plus",
        "j",
        "ctrl+s",
    ]


async def test_component_styles_on_demand_match_textuals_own() -> None:
    app = ProbeApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        probe, plain = app.query_one(Probe), app.query_one(Plain)
        assert probe.restyles
        assert probe.restyles[-1] == frozenset(Probe.COMPONENT_CLASSES)
        assert probe.sizings >= 1
        assert probe._component_styles == {}  # Textual styled none of them
        loud = probe.component_styles("probe--loud")
        assert probe.component_styles("probe--loud") is loud  # kept
        textuals = plain.get_component_styles("plain--loud")
        assert loud.color == textuals.color
        assert loud.text_style == textuals.text_style
        assert probe.component_styles("probe--quiet").color != loud.color
        probe.forget_component_styles()
        assert probe.component_styles("probe--loud") is not loud
