"""Write a migrated file back: only over the bytes that were migrated, keeping mode, owner, group and hard links."""
from __future__ import annotations

import codecs
import contextlib
import glob
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from ..cache import content_key
from ..workers import signals_held, sigterm_as_exit
from ._file import _decode

CHANGED = "changed on disk while migrating; left as it is, re-run"
READ_ONLY = "read-only; not written (make it writable to migrate it)"

_TEMP_SUFFIX = ".tfcompat"
_TEMP_MIDDLE = re.compile(r"(?:(\d+)\.)?\w+")  # PID.RANDOM, or RANDOM alone from older versions
_UNOWNED_TEMP_AGE_S = 3600  # a temp file without a process id to check is stale after an hour


class NotWritten(Exception):
    """The file was left as it is; the message says why and what to do."""


def write_migrated(path: Path, text: str, digest: str | None) -> str | None:
    """Write `text` over `path` (a symlink's target), encoded like the file, if the file still holds the bytes
    whose hash is `digest` (what was migrated). Returns a note for the user, or None.

    Raises NotWritten (file left as it is), OSError or UnicodeEncodeError."""
    target = Path(os.path.realpath(path))
    original = target.read_bytes()
    if digest is not None and content_key(original) != digest:
        raise NotWritten(CHANGED)
    return write_atomic(target, encode_like(target, text, original), digest)


def encode_like(path: Path, text: str, original: bytes) -> bytes:
    """Encode `text` as `original`, the bytes of the file at `path`, is encoded (coding cookie, BOM)."""
    if path.suffix == ".ipynb":
        return text.encode("utf-8")
    _, encoding, bom = _decode(original)
    out = text.encode(encoding)
    return codecs.BOM_UTF8 + out if bom and not out.startswith(codecs.BOM_UTF8) else out


def write_atomic(path: Path, data: bytes, digest: str | None = None) -> str | None:
    """Replace the file's content by a temp file renamed over it, with the same mode bits, owner and group.

    A read-only file is refused (NotWritten), as ruff and black do, root or not. A file with several hard
    links, or one whose owner this user cannot give a new file, is overwritten in place instead, so the
    links and the owner stay. If `digest` is given, the file must still hash to it just before it is
    replaced. Returns a note for the user (hard links), or None."""
    target = Path(os.path.realpath(path))
    info = target.stat()
    if not (info.st_mode & 0o222 and os.access(target, os.W_OK)):
        raise NotWritten(READ_ONLY)
    _remove_stale_temps(target)
    if info.st_nlink > 1 or not _can_keep_owner(info):
        _check_unchanged(target, digest)
        _overwrite(target, data, info.st_size)
        return f"has {info.st_nlink} hard links; written in place, so all of them show the change" \
            if info.st_nlink > 1 else None
    with sigterm_as_exit():  # a SIGTERM removes the temp file, like Ctrl-C
        _replace(target, data, info, digest)
    return None


def _replace(target: Path, data: bytes, info: os.stat_result, digest: str | None) -> None:
    """A temp file beside `target` with its owner, group and mode, renamed over it once complete."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if hasattr(os, "chown"):
            os.chown(tmp, info.st_uid, info.st_gid)  # before chmod: chown clears set-id bits
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        _check_unchanged(target, digest)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _check_unchanged(target: Path, digest: str | None) -> None:
    if digest is not None and content_key(target.read_bytes()) != digest:
        raise NotWritten(CHANGED)


def _can_keep_owner(info: os.stat_result) -> bool:
    """Whether a new file of ours can be given this file's owner and group (root, or the owner in the group)."""
    if not hasattr(os, "geteuid"):
        return True  # no owners to keep
    euid = os.geteuid()
    return euid == 0 or (info.st_uid == euid and (info.st_gid == os.getegid() or info.st_gid in os.getgroups()))


def _overwrite(target: Path, data: bytes, old_size: int) -> None:
    """Write in place: space reserved first (a full disk fails before any byte changes), and Ctrl-C and
    SIGTERM held back until the content is complete."""
    with open(target, "r+b") as handle:
        fd = handle.fileno()
        if len(data) > old_size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError:
                handle.truncate(old_size)
                raise
        with signals_held():
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(fd)


def _remove_stale_temps(target: Path) -> None:
    """Remove the temp files a killed run left beside `target`: those of a process that no longer runs
    (`.NAME.PID.RANDOM.tfcompat`), and old ones without a process id (`.NAME.RANDOM.tfcompat`)."""
    prefix = f".{target.name}."
    for temp in target.parent.glob(glob.escape(prefix) + "*" + _TEMP_SUFFIX):
        match = _TEMP_MIDDLE.fullmatch(temp.name[len(prefix):-len(_TEMP_SUFFIX)])
        if match is None:
            continue  # another file's temp (a longer name that starts the same way)
        with contextlib.suppress(OSError):
            if (not _running(int(match[1])) if match[1] and os.name == "posix"
                    else time.time() - temp.stat().st_mtime > _UNOWNED_TEMP_AGE_S):
                temp.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
