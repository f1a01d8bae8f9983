"""The reader app: the command line and the tests build the very same one.

Screens other than the first (library, help, editor) are imported when they are
first shown: ``reader BOOK`` should not pay for them before its first screen.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme

from reader.annotation import AnchorStatus, Annotation, copy_name, made_on_another_copy
from reader.config import DEFAULT_TEXT_WIDTH, valid_text_width
from reader.errors import ReaderError
from reader.model import Document
from reader.sanitize import for_terminal
from reader.tui.app_sync import AppSync, SyncStatus
from reader.tui.commands import NotesProvider
from reader.tui.highlight_color import COLOR_PREFERENCE, DEFAULT_COLOR, ColorChosen, valid_color
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.reader_messages import LoadFailed
from reader.tui.terminal_hangup import HangupWatch
from reader.tui.writer import report_store_problem

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.driver import Driver

    from reader.store import AnnotationStore
    from reader.tui.keys import BindingGroup, KeymapClash
    from reader.tui.widgets.annotation_list import AnnotationList
    from reader.tui.widgets.document_messages import TextWidthChanged

__all__ = ["ReaderApp"]

THEME_PREFERENCE = "theme"
"""Store preference key under which the chosen theme is remembered."""

TEXT_WIDTH_PREFERENCE = "text_width"
"""Store preference key under which the text width chosen with ``-``/``=`` is remembered."""


class ReaderApp(App[None]):
    """The library and reader screens, the help screen and the command palette.

    Services come in from outside (the store, the keymap) so the command line and
    the tests run the very same app.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "screens/reader.tcss",
        "screens/library.tcss",
    ]
    """The screens' styles are read with the app's: a screen's own ``CSS_PATH`` is
    read only when it is pushed, and makes Textual parse every stylesheet again
    (some 10 ms before the first frame)."""
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {NotesProvider}

    HELP_TITLE: ClassVar[str] = "Everywhere"
    """The title of this class's keys in help and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "change_theme", "Theme", show=False, id="app.theme"),
    ]

    sync_status: reactive[SyncStatus] = reactive(SyncStatus, init=False)
    """Where syncing stands (nothing is shown without a sync folder)."""

    def __init__(
        self,
        target: Path | Document,
        *,
        store: AnnotationStore,
        keymap: Mapping[str, str] | None = None,
        config_file: Path | None = None,
        text_width: int = DEFAULT_TEXT_WIDTH,
        start_at: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sync_folder: Path | None = None,
    ) -> None:
        """Build the app.

        Args:
            target: A library folder, a document file, or a document already read
                (standard input).
            store: The annotation store the app reads and writes.
            keymap: Binding id to keys, from the configuration file.
            config_file: Where the keymap came from (named in help and warnings).
            text_width: The text's maximum width from the configuration file (a width
                chosen in the app and remembered in the store takes precedence).
            start_at: Anchor of the paragraph a document opens at (``reader open FILE
                --annotation ID``); ``None`` for where the reader left off.
            clock: Seconds, for measuring the reading pace; tests pass their own.
            sync_folder: The sync folder of the config file: the app syncs through it
                when it opens and when it quits (``None``: it does not).
        """
        super().__init__()
        self.clock = clock
        """What the reading pace is timed with (tests pass a clock they move)."""
        self.target = target
        self.start_at = start_at
        """Anchor of the paragraph the first document opens at (``None``: where the
        reader left off)."""
        self.store = store
        self.keymap: dict[str, str] = dict(keymap or {})
        """Binding id to keys: the user's keymap, then (once mounted) with the
        built-in bindings it took keys from (see :func:`reader.tui.keys.resolve_keymap`)."""
        self.keymap_clashes: list[KeymapClash] = []
        """Keys the user's keymap took from built-in bindings (told at start and on exit)."""
        self.config_file = config_file
        self.failure: ReaderError | None = None
        """The error that stopped the app (a document that cannot be read), if any."""
        self._store_problem: ReaderError | None = None
        self.text_width = text_width
        """The text's maximum width, in cells: the configured one, unless one was
        chosen with the keys (remembered in the store)."""
        self._hangup_watch: HangupWatch | None = None
        self.highlight_color = DEFAULT_COLOR
        """The colour new highlights take (chosen with ``c`` or the palette, remembered)."""
        self._restore_preferences()  # before the first styles are worked out, not after
        self._sync = (
            None
            if sync_folder is None
            else AppSync(self, store.data_dir, sync_folder, self._show_sync)
        )
        """Syncs on open and on quit, when a sync folder is configured."""
        self._quitting = False

    # Startup ----------------------------------------------------------------

    def first_screen(self) -> Screen[None]:
        """The library for a folder, else the reader on the document."""
        target = self.target
        if isinstance(target, Path) and target.is_dir():
            from reader.tui.screens.library import LibraryScreen

            return LibraryScreen(target, self.store)
        return ReaderScreen(target, self.store, root=True, start_at=self.start_at)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; on Linux and macOS, one that its terminal going never blocks.

        See :mod:`reader.tui.terminal_driver` (imported here: not on Windows).
        """
        driver = super().get_driver_class()
        if sys.platform != "win32":
            from reader.tui.terminal_driver import LinuxDriver, TerminalDriver

            if driver is LinuxDriver:
                return TerminalDriver
        return driver

    def get_default_screen(self) -> Screen[None]:
        """The first screen is the app's default screen (nothing under it to paint)."""
        return self.first_screen()

    def on_mount(self) -> None:
        """Apply the keymap, follow theme changes, report a store problem met so far."""
        if self.keymap:
            from reader.tui.keys import binding_ids, resolve_keymap

            unknown = sorted(set(self.keymap) - binding_ids([_all_groups()]))
            self.keymap, self.keymap_clashes = resolve_keymap(_binding_chains(), self.keymap)
            self.set_keymap(self.keymap)
            for clash in self.keymap_clashes:
                self.notify(clash.message, title="Keymap", severity="warning", markup=False)
            if unknown:
                self.notify(
                    f"Unknown binding id(s) in {self.config_file or 'the keymap'}: "
                    f"{', '.join(unknown)} (press ? for the list)",
                    title="Keymap",
                    severity="warning",
                    markup=False,
                    timeout=10,
                )
        if self._store_problem is not None:
            report_store_problem(self, self._store_problem)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen.call_after_refresh(self.start_up_done)
        if not self.is_headless:
            self._watch_terminal()

    def _watch_terminal(self) -> None:
        """Quit as ``q`` would when the terminal goes: on SIGHUP, or when it hangs up.

        A reader left running without a terminal would otherwise spin on a core
        (see :mod:`reader.tui.terminal_hangup`); quitting saves the reading position
        and waits for the writes still running, as every screen does when it goes.
        """
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self._terminal_gone)
        gone = partial(loop.call_soon_threadsafe, self._terminal_gone)
        self._hangup_watch = HangupWatch(0, gone)  # fd 0: where Textual reads the keys
        self._hangup_watch.start()

    def _terminal_gone(self) -> None:
        self.exit()

    def on_unmount(self) -> None:
        """Stop watching the terminal: the app is closing."""
        if self._hangup_watch is not None:
            self._hangup_watch.stop()
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    def start_up_done(self) -> None:
        """Turn the garbage collector back on once the first screen is painted.

        ``reader`` turns it off while the app starts (see :mod:`reader.commands.app`):
        what start-up created lives as long as the app, so it is frozen (never
        collected, never walked again) rather than collected.
        """
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        if self._sync is not None:
            self._sync.read_last()
            self._sync.start()

    def _show_sync(self, status: SyncStatus) -> None:
        self.sync_status = status

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Quit; with a sync folder, after one more sync (waited for a few seconds at most)."""
        if self._sync is None or self._quitting:
            super().exit(result, return_code, message)
            return
        self._quitting = True

        async def sync_then_exit() -> None:
            assert self._sync is not None
            await self._sync.before_quit()
            super(ReaderApp, self).exit(result, return_code, message)

        self.run_worker(sync_then_exit(), name="sync-on-quit", exit_on_error=False)

    def _restore_preferences(self) -> None:
        """The theme and text width chosen last time (a store problem is told once mounted)."""
        try:
            theme = self.store.preference(THEME_PREFERENCE)
            width = valid_text_width(self.store.preference(TEXT_WIDTH_PREFERENCE))
            color = valid_color(self.store.preference(COLOR_PREFERENCE))
        except ReaderError as error:
            self._store_problem = error
            return
        self.highlight_color = color or DEFAULT_COLOR
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        if width is not None:
            self.text_width = width

    def on_document_view_text_width_changed(self, message: TextWidthChanged) -> None:
        """The reader chose a text width with the keys: use it from now on, remember it."""
        self.text_width = message.width
        try:
            self.store.set_preference(TEXT_WIDTH_PREFERENCE, message.width)
        except ReaderError as error:
            report_store_problem(self, error)

    def on_color_chosen(self, message: ColorChosen) -> None:
        """The reader chose the colour of new highlights with ``c``."""
        self.choose_color(message.color)

    def choose_color(self, color: str) -> None:
        """Give new highlights ``color`` from now on, remember it, and say so."""
        self.highlight_color = color
        self.notify(f"Highlight colour: {color}", timeout=2, markup=False)
        try:
            self.store.set_preference(COLOR_PREFERENCE, color)
        except ReaderError as error:
            report_store_problem(self, error)

    def _remember_theme(self, theme: Theme) -> None:
        try:
            self.store.set_preference(THEME_PREFERENCE, theme.name)
        except ReaderError as error:
            report_store_problem(self, error)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification; every one passes the output check of :mod:`reader.sanitize`.

        Notifications are where errors are told, and errors name files: a file name
        can hold an escape sequence, which Textual would pass on to the terminal.
        """
        super().notify(
            for_terminal(message),
            title=for_terminal(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # Screens ----------------------------------------------------------------

    def help_groups(self, screen: Screen[object]) -> Sequence[BindingGroup]:
        """The key groups that apply on ``screen`` (its own, then the app's)."""
        from reader.tui.keys import BindingGroup
        from reader.tui.screens.library import LibraryScreen

        own: Sequence[BindingGroup] = ()
        if isinstance(screen, LibraryScreen | ReaderScreen):
            own = screen.help_groups
        return (*own, BindingGroup(ReaderApp))

    def action_help(self) -> None:
        """Show every key of the current screen with its binding id."""
        from reader.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        config = self.config_file
        self.push_screen(
            HelpScreen(
                self.help_groups(self.screen),
                self.keymap,
                str(config) if config is not None else "the config file",
            )
        )

    def on_reader_screen_load_failed(self, message: LoadFailed) -> None:
        """A document could not be opened: quit with the error, or go back and say it."""
        if message.screen.root:
            self.failure = message.error
            self.exit(return_code=message.error.exit_code)
            return
        self.notify(
            str(message.error), title="Cannot open", severity="error", markup=False, timeout=10
        )
        if self.screen is message.screen:
            message.screen.dismiss(None)

    def open_annotation(self, annotation: Annotation) -> None:
        """Show an annotation's paragraph, opening its document if needed."""
        screen = self.screen
        if isinstance(screen, ReaderScreen) and any(
            a.id == annotation.id for a in screen.annotations
        ):
            screen.go_to_annotation(annotation.id)
            return
        path = Path(annotation.document.path) if annotation.document.path else None
        if path is None or not path.is_file():
            self.notify(
                f"The file of {annotation.document.title!r} is not at "
                f"{annotation.document.path or '(standard input)'} any more; open it with "
                "'reader FILE' to re-attach its notes",
                title="Document not found",
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(ReaderScreen(path, self.store, root=False, start_at=annotation.anchor))

    def on_annotation_list_copy_wanted(self, message: AnnotationList.CopyWanted) -> None:
        """Ctrl+O in the annotations pane: open the copy a note was made on, at the note."""
        from reader.store import AnnotationNotFoundError

        screen = self.screen
        document = screen.document if isinstance(screen, ReaderScreen) else None
        if document is None or not made_on_another_copy(message.annotation, document):
            self.notify("This note was made on this document", markup=False)
            return
        try:
            own = self.store.get(message.annotation.id)  # as placed on its own copy
        except AnnotationNotFoundError:
            self.notify("This note is no longer in the store", severity="warning", markup=False)
            return
        path = Path(own.document.path) if own.document.path else None
        if path is None or not path.is_file():
            self.notify(
                f"{copy_name(own.document)!r} is not at {own.document.path or '(standard input)'}"
                " any more",
                title="Copy not found",
                severity="warning",
                markup=False,
            )
            return
        start = own.anchor if own.status is not AnchorStatus.ORPHANED else None
        self.push_screen(ReaderScreen(path, self.store, root=False, start_at=start))

    # Command palette --------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, then every action of the screen with its keys and id."""
        from reader.tui.keys import key_rows

        yield from super().get_system_commands(screen)
        for group in self.help_groups(screen):
            node = self._node_for(group.owner, screen)
            if node is None:
                continue
            for row in key_rows(group, self.keymap):
                yield SystemCommand(
                    row.description,
                    escape(f"{group.title} · keys {row.keys} · {row.binding_id}"),
                    partial(self.run_action, row.action, node),
                )
        if isinstance(screen, ReaderScreen):
            from reader.annotation import COLORS

            for color in COLORS:
                yield SystemCommand(
                    f"Highlight colour: {color}",
                    "Reader · the colour of new highlights (c cycles)",
                    partial(self.choose_color, color),
                )

    def _node_for(self, owner: type[DOMNode], screen: Screen[object]) -> DOMNode | None:
        if isinstance(self, owner):
            return self
        if isinstance(screen, owner):
            return screen
        found = screen.query(owner.__name__)
        return found.first() if found else None


def _all_groups() -> Sequence[BindingGroup]:
    """Every binding group of the app: the known binding ids (to check a keymap)."""
    from reader.tui.keys import BindingGroup
    from reader.tui.screens.confirm import ConfirmScreen
    from reader.tui.screens.editor import EditorScreen
    from reader.tui.screens.help import HelpScreen
    from reader.tui.screens.library import LibraryScreen
    from reader.tui.widgets.annotations_panel import AnnotationList
    from reader.tui.widgets.document_view import DocumentView
    from reader.tui.widgets.outline import Outline

    owners = (
        ReaderApp,
        LibraryScreen,
        ReaderScreen,
        DocumentView,
        Outline,
        AnnotationList,
        EditorScreen,
        ConfirmScreen,
        HelpScreen,
    )
    return tuple(BindingGroup(owner) for owner in owners)


def _binding_chains() -> list[Sequence[BindingGroup]]:
    """The groups whose bindings are in force together: the app's, a screen's, and
    those of the widget focused in it (only these can clash over a key)."""
    app, library, reader, document, outline, annotations, editor, confirm, help_ = _all_groups()
    readers = [(app, reader, widget) for widget in (document, outline, annotations)]
    return [*readers, *((app, screen) for screen in (library, editor, confirm, help_))]
