"""Crash-safe, lock-protected JSON files (the TinyDB storage on them: :mod:`.database`).

TinyDB's own ``JSONStorage`` overwrites its file in place and truncates after, so
a process killed mid-write leaves a file that no longer loads, and two processes
writing at once lose each other's changes. Here:

* every write goes to a temporary file in the same folder which is flushed,
  fsynced and renamed over the old one, and the folder is fsynced: a kill at any
  moment leaves the previous or the new version, never a mix. Inside
  :func:`durable_batch` (a merge writing hundreds of files) each folder is fsynced
  once, when the batch ends: every rename is as atomic, and the batch as a whole is
  durable when it returns;
* the previous version is kept as ``NAME.bak`` (a hard link: no copy is made), so
  ``reader doctor --fix`` can restore a file something else damaged;
* every read-modify-write happens under one cross-process lock
  (:class:`StoreLock`), and a file is parsed again whenever its inode, size or
  modification time differ from what was last read, so a write never starts from
  a stale copy;
* parsing runs with the garbage collector paused: on large JSON the collector,
  not the parser, dominates the time;
* JSON goes through orjson (UTF-8): a document file with 10,000 annotations
  (7.5 MB) is encoded in a few milliseconds where the standard library's encoder
  took 80 ms, and every write rewrites the whole file. Text orjson refuses (a lone
  surrogate, from an undecodable command-line argument) falls back to the
  standard library's ASCII escapes, so every note is still stored exactly.
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from reader.store import migrations
from reader.store.errors import StoreBusyError, StoreError
from reader.store.layout import META, META_KEY, FileKind
from reader.store.migrations import check_file, migrate, unreadable

if TYPE_CHECKING:
    import filelock

    from reader.store.database import StoreDB

__all__ = [
    "LockRequiredError",
    "RecordCheck",
    "StoreFile",
    "StoreLock",
    "atomic_write",
    "durable_batch",
    "gc_paused",
    "open_db",
    "quarantine",
    "time_stamp",
]

LOCK_TIMEOUT = 30.0
"""Seconds to wait for another process's write before giving up."""

_Signature = tuple[int, int, int, int]

RecordCheck = Callable[[dict[str, Any]], "str | None"]
"""Says what is wrong with a file's tables (a damaged record), or ``None`` when nothing is."""


class LockRequiredError(RuntimeError):
    """A write was attempted without holding the store's lock.

    A programming error, except for a caller that first tries an operation
    without the lock (reading needs none) and takes the lock only if it must write.
    """


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_batches = threading.local()
"""Per thread: the folders whose fsync the innermost :func:`durable_batch` owes."""


@contextlib.contextmanager
def durable_batch() -> Iterator[None]:
    """Fsync each folder written to once, at the end, instead of after every rename.

    The folder fsync makes a rename durable (it survives a power cut, not only a
    killed process); it costs as much as the file's own fsync, and a merge renames
    hundreds of files into three folders. Inside the batch each file is still
    written to a temporary file, fsynced and renamed over the old one, so whatever
    happens every file holds its old or its new contents; the folders are fsynced
    when the batch ends, also when it ends with an exception (the renames done are
    kept). A batch nested in another settles its own folders when it ends, so that
    writes that must reach the disk before others (an id index entry before the
    document naming it) close a batch of their own.
    """
    outer: set[Path] | None = getattr(_batches, "folders", None)
    folders: set[Path] = set()
    _batches.folders = folders
    try:
        yield
    finally:
        _batches.folders = outer
        for folder in sorted(folders):
            _fsync_folder(folder)


def atomic_write(path: Path, data: bytes, *, keep_previous: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    The temporary file is created exclusively under an unpredictable name
    (``O_CREAT|O_EXCL|O_NOFOLLOW``, as :func:`tempfile.mkstemp` does), so a
    symbolic link planted in the folder is never followed, and it is removed
    whatever fails. The previous version is hard-linked to a temporary name and
    renamed over ``path.bak``: a failure keeps the older ``.bak``. The folder is
    fsynced now, or at the end of the :func:`durable_batch` this runs in.

    Args:
        path: The file to write (its folder is created if needed).
        data: The complete new contents.
        keep_previous: Keep the version being replaced as ``path.bak``.
    """
    temporary = _written_beside(path, data)
    try:
        if keep_previous:
            _keep_previous(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    batch: set[Path] | None = getattr(_batches, "folders", None)
    if batch is None:
        _fsync_folder(path.parent)
    else:
        batch.add(path.parent)


def _written_beside(path: Path, data: bytes) -> Path:
    """``data`` written and fsynced to a new temporary file in ``path``'s folder.

    Created exclusively under an unpredictable name (``O_CREAT|O_EXCL|O_NOFOLLOW``,
    as :func:`tempfile.mkstemp` does), so a symbolic link planted in the folder
    is never followed; removed again if writing it fails.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``, whole or not at all, never over anything.

    Written to an exclusive temporary file (as :func:`atomic_write` does), then
    hard-linked to ``path``: the link fails rather than replace a file (or a
    symbolic link) already there.

    Raises:
        FileExistsError: ``path`` exists.
    """
    temporary = _written_beside(path, data)
    try:
        os.link(temporary, path, follow_symlinks=False)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    _fsync_folder(path.parent)


def _keep_previous(path: Path) -> None:
    """Make ``path.bak`` a hard link to ``path`` (nothing to keep when it does not exist)."""
    link = path.with_name(f".{path.name}.{secrets.token_hex(8)}.bak.tmp")
    try:
        os.link(path, link, follow_symlinks=False)
    except FileNotFoundError:
        return
    try:
        os.replace(link, path.with_name(path.name + ".bak"))
    finally:
        # Gone after a rename, unless ``.bak`` already was this very file (then
        # the rename does nothing) or the rename failed.
        with contextlib.suppress(OSError):
            link.unlink()


def _dumps(tables: dict[str, Any]) -> bytes:
    """Encode a store file: orjson, or ASCII escapes for text it refuses (lone surrogates)."""
    try:
        return orjson.dumps(tables)
    except orjson.JSONEncodeError:
        import json  # imported here: only a lone surrogate needs it

        return json.dumps(tables, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _loads(data: bytes) -> Any:
    """Decode a store file, including one :func:`_dumps` escaped (orjson rejects those)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        import json

        return json.loads(data)


def _content(data: bytes) -> list[int]:
    """What :attr:`StoreFile.stamp` records of a file's bytes: their size and CRC-32."""
    return [len(data), zlib.crc32(data)]


def _signature(stat: os.stat_result) -> _Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class StoreLock:
    """The cross-process lock taken around every read-modify-write of the store.

    Re-entrant within a process, so an operation that writes several files takes
    it once around all of them.
    """

    def __init__(self, path: Path) -> None:
        """Create the lock object (the lock file is created on first use).

        Args:
            path: The lock file.
        """
        self._path = path
        self._lock: filelock.FileLock | None = None
        self._creating = threading.Lock()

    def _file_lock(self) -> filelock.FileLock:
        """The lock object, made on first use.

        Importing filelock costs some 10 ms, which a store that is only read from
        (for the app's first screen) does not pay.
        """
        with self._creating:
            if self._lock is None:
                import filelock

                # A short poll keeps two busy writers from idling 50 ms on each hand-over.
                self._lock = filelock.FileLock(
                    self._path, timeout=LOCK_TIMEOUT, poll_interval=0.001
                )
            return self._lock

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._lock is not None and self._lock.is_locked

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        """Hold the lock for the duration of a ``with`` block.

        Raises:
            StoreBusyError: Another process kept it for :data:`LOCK_TIMEOUT` seconds.
            StoreError: The lock file cannot be created (a read-only folder, say).
        """
        import filelock

        lock = self._file_lock()
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except filelock.Timeout as error:
            raise StoreBusyError(
                f"the store in {self._path.parent} is locked by another reader process "
                f"(waited {LOCK_TIMEOUT:.0f} s); close it or try again"
            ) from error
        except OSError as error:
            raise StoreError(
                f"cannot lock the store in {self._path.parent} ({error.strerror}); "
                "check the folder's permissions or choose another with --data-dir"
            ) from error
        try:
            yield
        finally:
            lock.release()


class StoreFile:
    """One store file: validated, cached reads and atomic, locked writes.

    The parsed contents are cached together with the file's signature (inode,
    size, modification and change times); every read checks the signature and
    parses again when another process has replaced the file.
    """

    def __init__(
        self,
        path: Path,
        kind: FileKind,
        lock: StoreLock,
        *,
        backups: Path,
        check: RecordCheck | None = None,
    ) -> None:
        """Describe a store file.

        Args:
            path: Where it lives.
            kind: What it must hold (checked on every parse).
            lock: The store's lock, required for writes and migrations.
            backups: Folder for the copy taken before migrating it.
            check: Finds damaged records; a file holding one is never written over.
        """
        self.path = path
        self.kind = kind
        self._lock = lock
        self._backups = backups
        self._check = check
        self._cached: tuple[_Signature, dict[str, Any]] | None = None
        self._checked = False
        """The cached contents passed ``check`` (it runs once per parse, at the first write)."""
        self._content: list[int] = []
        """The size and CRC-32 of the bytes the cached contents were read from or written
        as, once :meth:`trust` was called (empty: not computed): what :attr:`stamp` names."""
        self._expected: object = None
        """The stamp :meth:`trust` was given, compared with the bytes of the next parse."""

    def load(self) -> dict[str, Any] | None:
        """The file's tables, or ``None`` when it does not exist yet.

        Raises:
            StoreUnreadableError: The file is not valid JSON, has the wrong shape or
                a newer format version.
        """
        try:
            signature = _signature(os.stat(self.path))
        except FileNotFoundError:
            self._cached = None
            return None
        except OSError as error:
            raise StoreError(f"cannot read store file {self.path} ({error.strerror})") from error
        if self._cached is not None and self._cached[0] == signature:
            return self._cached[1]
        return self._parse()

    def _parse(self) -> dict[str, Any] | None:
        try:
            with open(self.path, "rb") as handle:
                signature = _signature(os.fstat(handle.fileno()))
                data = handle.read()
        except FileNotFoundError:
            self._cached = None
            return None
        except OSError as error:
            raise StoreError(f"cannot read store file {self.path} ({error.strerror})") from error
        raw = self._decode(data)
        if check_file(raw, self.path, self.kind) < migrations.STORE_VERSION:
            return self._migrate()
        self._cached = (signature, raw)
        self._checked = False
        self._content = []
        if self._expected is not None:  # only a merge's files pay for the CRC
            self._content = _content(data)
            self._checked = self._content == self._expected
        return raw

    def _decode(self, data: bytes) -> dict[str, Any]:
        try:
            with gc_paused():
                raw = _loads(data)
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise unreadable(self.path, f"is not valid JSON ({_short(error)})") from error
        check_file(raw, self.path, self.kind)
        result: dict[str, Any] = raw
        return result

    def _migrate(self) -> dict[str, Any] | None:
        """Upgrade an older file in place, after keeping a copy of it in ``backups/``."""
        with self._lock():
            # Read again under the lock: another process may have migrated it meanwhile.
            try:
                original = self.path.read_bytes()
            except FileNotFoundError:
                self._cached = None
                return None
            raw = self._decode(original)
            version = check_file(raw, self.path, self.kind)
            if version == migrations.STORE_VERSION:
                return self._parse()
            self._backups.mkdir(parents=True, exist_ok=True)
            kept = self._backups / f"{self.path.stem}.v{version}.{time_stamp()}{self.path.suffix}"
            atomic_write(kept, original, keep_previous=False)
            raw = migrate(raw, version)
            self.save(raw)
            return raw

    def require_lock(self) -> None:
        """Fail early, before costly work whose result is to be written.

        Raises:
            LockRequiredError: The caller does not hold the store's lock.
        """
        if not self._lock.held:
            raise LockRequiredError(f"write to {self.path} without holding the store lock")

    def save(self, tables: dict[str, Any]) -> None:
        """Write ``tables`` atomically (the caller holds the store's lock).

        The records are checked first (once per parse of the file): tables holding
        a damaged record came from a damaged file, and writing them would push its
        last good version out of ``.bak``.

        Raises:
            LockRequiredError: The caller does not hold the store's lock.
            StoreUnreadableError: The file holds a damaged record; nothing was written.
            StoreError: The disk refused the write; the file on disk is unchanged.
        """
        self.require_lock()
        if self._check is not None and not self._checked:
            problem = self._check(tables)
            if problem is not None:
                self._cached = None
                raise unreadable(self.path, problem)
        data = _dumps(tables)
        try:
            # The id index is rebuilt from the documents if need be: no previous copy.
            atomic_write(self.path, data, keep_previous=self.kind != FileKind.INDEX)
            signature = _signature(os.stat(self.path))
        except OSError as error:
            self._cached = None
            raise StoreError(
                f"cannot write store file {self.path} ({error.strerror}); nothing was changed"
            ) from error
        self._cached = (signature, tables)
        self._checked = True
        self._content = _content(data) if self._expected is not None else []

    @property
    def stamp(self) -> list[int] | None:
        """Names the cached contents if they passed the record check, else ``None``.

        The size and CRC-32 of the file's bytes as read or written (some 2 GB/s:
        1 ms for a file of 2,000 annotations, where checking its records takes 10).
        Kept next to the file (a merge records it in the document's catalogue
        record), it lets another process skip the check (:meth:`trust`): a file
        whose bytes have that size and CRC is, but for a one-in-four-billion chance,
        the file the store checked and wrote; an edit of any kind changes them.
        """
        if self._cached is None or not self._checked or not self._content:
            return None
        return list(self._content)

    def trust(self, stamp: object) -> None:
        """Take the contents as checked when their bytes are those ``stamp`` names.

        Call it before :meth:`load`: the parse compares the bytes it reads with
        ``stamp`` (a :attr:`stamp` recorded earlier, or ``None``: nothing recorded),
        and from then on this file's writes keep their own :attr:`stamp`. Contents
        parsed before without a stamp to compare stay unchecked (the first write
        checks every record, as usual).
        """
        self._expected = [] if stamp is None else stamp
        if self._cached is not None and self._content and self._content == stamp:
            self._checked = True

    @property
    def signature(self) -> object:
        """Identifies the contents last read or written (``None`` when nothing is cached)."""
        return None if self._cached is None else self._cached[0]

    def forget(self) -> None:
        """Drop the cached contents (after a failed operation may have altered them)."""
        self._cached = None

    def new_tables(self, **meta: Any) -> dict[str, Any]:
        """The tables of a new, empty file of this kind."""
        return {
            META: {META_KEY: {"kind": self.kind.value, "version": migrations.STORE_VERSION, **meta}}
        }


def time_stamp() -> str:
    """The current UTC time for file names (``20250101T120000Z``), to the second."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 80 else text[:77] + "..."


def quarantine(path: Path, folder: Path, stamp: str) -> Path:
    """Move an unreadable file into ``folder`` (never deleting it); return its new path.

    Linked under a name not yet taken, then unlinked: a file already in
    quarantine, or a link planted there, is never written over or followed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for attempt in range(1000):
        suffix = f".{attempt}" if attempt else ""
        target = folder / f"{path.name}.{stamp}{suffix}"
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue
        path.unlink()
        _fsync_folder(path.parent)
        _fsync_folder(folder)
        return target
    raise StoreError(f"cannot set {path} aside: {folder} is full of earlier copies")


def open_db(file: StoreFile, *, create: bool = False, **meta: Any) -> StoreDB:
    """A TinyDB database over ``file`` (cheap: make one per operation).

    TinyDB is imported with the first write (:mod:`reader.store.database`):
    reading a store file needs none of it, and the app's first frame only reads.

    Args:
        file: The store file.
        create: Let the first write create a missing file (with ``meta`` in its meta
            record); otherwise a missing file reads as empty.
        **meta: Meta fields of a file created so.
    """
    from reader.store.database import AtomicJSONStorage, StoreDB

    new = file.new_tables(**meta) if create else None
    return StoreDB(file, new, storage=AtomicJSONStorage)
