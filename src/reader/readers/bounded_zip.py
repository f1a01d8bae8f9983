"""Read members of an untrusted zip archive without letting it decompress forever.

An EPUB is a zip file, and a zip file can declare (or hide) a gigabyte of zeros in
a few kilobytes: a "zip bomb". Every read here is capped three ways — the size
the archive declares for a member, the bytes actually produced while inflating it
(a lying header gains nothing), and the total inflated across the whole archive —
so a hostile file costs at most :data:`MAX_TOTAL` bytes of memory and then fails
with a clear message.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from reader.errors import DocumentError

__all__ = ["MAX_MEMBER", "MAX_TOTAL", "ArchiveError", "BoundedZip"]

MAX_MEMBER = 64 * 1024 * 1024
"""Largest single member read (a chapter of 64 MB is not a chapter)."""
MAX_TOTAL = 256 * 1024 * 1024
"""Most bytes inflated from one archive, all members together."""
MAX_RATIO = 200
"""Highest compression ratio accepted for a member; text compresses about 3-10x."""
_RATIO_FLOOR = 1024 * 1024  # members smaller than this are not checked for ratio


class ArchiveError(DocumentError):
    """The archive is damaged, truncated or built to exhaust memory."""


class BoundedZip:
    """A zip archive in memory whose members are read under size limits.

    Args:
        data: The archive's bytes.
        name: How to name the file in error messages.

    Raises:
        ArchiveError: The bytes are not a readable zip archive.
    """

    def __init__(self, data: bytes, *, name: str) -> None:
        self.name = name
        self.inflated = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ArchiveError(
                f"{name} is not a readable zip archive (damaged or cut short); "
                "download or copy it again"
            ) from None
        self._members = {info.filename: info for info in self._zip.infolist()}

    def __contains__(self, member: str) -> bool:
        return member in self._members

    def read(self, member: str) -> bytes:
        """Return a member's bytes.

        Raises:
            KeyError: There is no such member.
            ArchiveError: The member is damaged or larger than the limits allow.
        """
        info = self._members[member]
        declared = info.file_size
        ratio_ok = declared < _RATIO_FLOOR or declared <= MAX_RATIO * max(1, info.compress_size)
        if declared > MAX_MEMBER or not ratio_ok or self.inflated + declared > MAX_TOTAL:
            raise ArchiveError(self._bomb_message(member))
        try:
            with self._zip.open(info) as stream:
                data = stream.read(min(MAX_MEMBER, MAX_TOTAL - self.inflated) + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            zlib.error,
            NotImplementedError,
        ) as error:
            raise ArchiveError(
                f"{self.name}: {member} cannot be read ({error}); the file is damaged"
            ) from None
        self.inflated += len(data)
        if len(data) > declared or self.inflated > MAX_TOTAL:
            raise ArchiveError(self._bomb_message(member))
        return data

    def _bomb_message(self, member: str) -> str:
        return (
            f"{self.name}: {member} inflates to more than reader reads from one archive "
            f"({MAX_MEMBER // 2**20} MB a file, {MAX_TOTAL // 2**20} MB in all); "
            "it is not an ordinary book"
        )
