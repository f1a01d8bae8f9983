"""The key bindings as data: declared once, read back for help, the palette and the keymap.

Bindings are declared where they act (``BINDINGS`` on each screen and widget),
each with an id such as ``reader.annotate``; the class's ``HELP_TITLE`` names
its group in the help screen and the command palette. Where a key needs more
than Textual's binding says (the reader's keys: does it wait for the whole
document, does it open a text field), the class declares it as a
:class:`KeyAction` in ``KEYS`` and builds ``BINDINGS`` from those
(:func:`bindings`), so one declaration carries the key, its id, its group and
its flags. This module also applies the user's keymap to show the keys in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from reader.tui.textual_compat import key_name

__all__ = [
    "INTO_FIELD",
    "UNBOUND",
    "BindingGroup",
    "KeyAction",
    "KeyRow",
    "KeymapClash",
    "binding_ids",
    "bindings",
    "declared",
    "key_rows",
    "resolve_keymap",
]

INTO_FIELD = "into_field"
"""The action a key that opens a text field runs, given its own action: the screen
runs that, then sends on the keys typed after it (the reader screen's ``action_into_field``)."""


UNBOUND = "reader_unbound"
"""The key a built-in binding is given when the user's keymap took all its keys: no
key is called that, so the binding stays declared (help lists its id) but no key runs it."""


@dataclass(frozen=True, slots=True)
class KeyAction:
    """One key binding with everything the app needs to know about it.

    Attributes:
        keys: The default keys, comma-separated (``"o,tab"``).
        action: The action it runs (``"toggle_kind('highlight')"``).
        description: What it does (the key bar, help, the palette).
        id: Its binding id, for the keymap (``"reader.annotate"``).
        show: Whether the key bar shows it.
        key_display: How the key is shown, when not as named.
        waits_for_document: Its action needs the whole document or its
            annotations: pressed while a preview shows, it runs once the
            document is read.
        opens_a_field: Its action puts the focus in a text field, so the keys
            typed right after it are meant for the field: they are held until
            its action has run (see :mod:`reader.tui.key_hold`).
    """

    keys: str
    action: str
    description: str
    id: str
    show: bool = True
    key_display: str | None = None
    waits_for_document: bool = False
    opens_a_field: bool = False

    def binding(self) -> Binding:
        """The Textual binding (a key that opens a field runs through :data:`INTO_FIELD`)."""
        action = f"{INTO_FIELD}({self.action!r})" if self.opens_a_field else self.action
        return Binding(
            self.keys,
            action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            id=self.id,
        )


def bindings(keys: Iterable[KeyAction]) -> list[BindingType]:
    """A class's ``BINDINGS``, from its ``KEYS``."""
    return [key.binding() for key in keys]


def declared(node: DOMNode, binding_id: str | None) -> KeyAction | None:
    """The :class:`KeyAction` of ``node``'s class with ``binding_id``, if it declares one."""
    keys: Iterable[KeyAction] = getattr(node, "KEYS", ())
    return next((key for key in keys if key.id == binding_id), None)


@dataclass(frozen=True, slots=True)
class BindingGroup:
    """The bindings one class declares, under the title it gives them.

    Attributes:
        owner: The class whose ``BINDINGS`` form the group.
    """

    owner: type[DOMNode]

    @property
    def title(self) -> str:
        """Shown above the group in the help screen ("Document", "Reader" ...): the
        owner's ``HELP_TITLE``."""
        title: str = getattr(self.owner, "HELP_TITLE", self.owner.__name__)
        return title

    def bindings(self) -> list[Binding]:
        """The group's bindings that have an id (only those can be remapped and listed)."""
        return [b for b in Binding.make_bindings(self.owner.BINDINGS) if b.id]


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One line of the help screen.

    Attributes:
        keys: The keys in force (remapped ones included), comma-separated, as typed.
        description: What the binding does.
        binding_id: The id to use in the keymap file.
        action: The action it runs (for the command palette).
    """

    keys: str
    description: str
    binding_id: str
    action: str


def key_rows(group: BindingGroup, keymap: Mapping[str, str]) -> list[KeyRow]:
    """The rows of ``group`` with ``keymap`` applied; several keys of one id merge.

    Args:
        group: The bindings to list.
        keymap: Binding id to keys, from the configuration file.
    """
    rows: dict[str, KeyRow] = {}
    for binding in group.bindings():
        binding_id = binding.id or ""
        keys = ",".join(k for k in keymap.get(binding_id, binding.key).split(",") if k != UNBOUND)
        known = rows.get(binding_id)
        if known is None:
            rows[binding_id] = KeyRow(keys, binding.description, binding_id, binding.action)
        elif binding_id not in keymap:
            rows[binding_id] = KeyRow(
                f"{known.keys},{binding.key}", known.description, binding_id, known.action
            )
    return list(rows.values())


def binding_ids(groups: Iterable[Sequence[BindingGroup]]) -> set[str]:
    """Every binding id declared by ``groups`` (to flag unknown ids in a keymap)."""
    return {b.id for seq in groups for group in seq for b in group.bindings() if b.id}


@dataclass(frozen=True, slots=True)
class KeymapClash:
    """A key the user's keymap gives to one binding while a built-in one has it.

    Attributes:
        key: The key.
        user_id: The binding the keymap gives it to (it wins).
        builtin_id: The binding that had it by default (it loses that key).
    """

    key: str
    user_id: str
    builtin_id: str

    @property
    def message(self) -> str:
        """One line naming both bindings."""
        return (
            f"keymap: {self.user_id} = {self.key!r} takes {self.key!r} from {self.builtin_id}"
            f" (give {self.builtin_id} another key in the keymap to keep it)"
        )


def resolve_keymap(
    chains: Iterable[Sequence[BindingGroup]], keymap: Mapping[str, str]
) -> tuple[dict[str, str], list[KeymapClash]]:
    """The keymap to apply so the user's entries win, and the clashes that made it differ.

    Textual gives a key to the focused widget's binding before the screen's and
    the app's, so ``"reader.annotate" = "n"`` would leave ``n`` on the document
    view's next-hit. Every built-in binding (one the keymap does not name) that
    shares a key with a keymap entry, in groups active together, loses that key;
    one left with no key gets :data:`UNBOUND`.

    Keys written as a character (``?``) are named as Textual names them
    (``question_mark``), both to find clashes and in the keymap returned.

    Args:
        chains: The groups whose bindings are in force together (app, screen,
            focused widget), one sequence per combination.
        keymap: Binding id to keys, from the configuration file.
    """
    keymap = {
        binding_id: ",".join(key_name(key.strip()) for key in keys.split(","))
        for binding_id, keys in keymap.items()
    }
    resolved = dict(keymap)
    clashes: dict[tuple[str, str, str], KeymapClash] = {}
    defaults: dict[str, list[str]] = {}
    for chain in chains:
        chain_bindings = [b for group in chain for b in group.bindings()]
        ids = {b.id for b in chain_bindings}
        user_keys = {
            key.strip(): binding_id
            for binding_id, keys in keymap.items()
            if binding_id in ids
            for key in keys.split(",")
        }
        for binding in chain_bindings:  # split by Textual: one key each
            builtin_id = binding.id or ""
            defaults.setdefault(builtin_id, [])
            if binding.key not in defaults[builtin_id]:
                defaults[builtin_id].append(binding.key)
            user_id = user_keys.get(binding.key)
            if builtin_id not in keymap and user_id is not None:
                clashes[(binding.key, user_id, builtin_id)] = KeymapClash(
                    binding.key, user_id, builtin_id
                )
    for clash in clashes.values():
        keys = resolved.get(clash.builtin_id, ",".join(defaults[clash.builtin_id])).split(",")
        remaining = [key for key in keys if key not in (clash.key, UNBOUND)]
        resolved[clash.builtin_id] = ",".join(remaining) or UNBOUND
    return resolved, list(clashes.values())
