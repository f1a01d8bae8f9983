"""The key bindings as data: for the help screen, the command palette and the keymap.

Bindings are declared where they act (``BINDINGS`` on each screen and widget),
each with an id such as ``reader.annotate``. This module reads them back in
groups and applies the user's keymap to show the keys actually in force, using
only the public ``BINDINGS`` declarations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

__all__ = ["BindingGroup", "KeyRow", "binding_ids", "key_rows"]


@dataclass(frozen=True, slots=True)
class BindingGroup:
    """A titled set of bindings, as one class declares them.

    Attributes:
        title: Shown above the group in the help screen ("Document", "Reader" ...).
        owner: The class whose ``BINDINGS`` form the group.
    """

    title: str
    owner: type[DOMNode]

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
        keys = keymap.get(binding_id, binding.key)
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
