"""Syncing the store through a folder that Syncthing, Dropbox, Nextcloud or git carries.

Each machine writes only a file of its own in the folder and merges everyone's into
its store: field-level last-writer-wins by hybrid logical clock, deletes as
tombstones. See docs/sync.md for the design and its guarantees.
"""

from reader.sync.run import SyncReport, sync

__all__ = ["SyncReport", "sync"]
