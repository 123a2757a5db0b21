"""How briefer writes a file: never half-written, and a set never mixed, whatever stops the run.

A single file is written to a temporary name beside it and renamed into
place. A brief's files (``brief.md``, ``.html``, ``.pdf``, ``.json``) are one
*set*: they are written into a temporary folder beside the day's folder, which
is then swapped with it in one step (``renameat2(RENAME_EXCHANGE)`` on Linux;
elsewhere the old folder is renamed aside, the new one into place, and a crash
between the two is undone on the next run). A reader, or a run killed at any
moment, sees the previous set or the new one, never brief.md of one build
beside brief.pdf of another. Files that are not part of the set (``sent.json``
and the other records of ``briefer daily``) are carried into the new folder as
hard links, so they are the very same files.

Every file and folder is created with mode 0666/0777 less the umask, as
``open()`` and ``mkdir`` would, not the 0600 of ``tempfile``. Leftovers of a
run that was killed (temporary folders whose names start with ``.brief-set-``)
are removed the next time a set is written to the same output folder; the
output folder is locked while a set is written, so a leftover is never a set
another run is still writing.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

#: Temporary folders of a set being written: ``.brief-set-<day>-new-<hex>`` (the new set,
#: or after the swap the old one on its way out) and ``.brief-set-<day>-old-<hex>``.
SET_PREFIX = ".brief-set-"
#: Temporary files of ``write_atomically``: ``.<name>.tmp-<hex>``.
TEMP_MARK = ".tmp-"
#: Files that belong to a set even when this build does not write them: a set holds
#: only files of one build, so an older brief.pdf does not stay beside a new brief.md.
SET_FILES = frozenset({"brief.md", "brief.html", "brief.pdf", "brief.json", "brief.eml"})
#: Temporary files older versions of briefer left behind (``tempfile.mkstemp`` names).
_LEGACY_TEMPORARY = (".brief.", ".sent.json.", ".pending.json.")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_new_file(path.parent, f".{path.name}{TEMP_MARK}", data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_set(folder: Path, files: Mapping[str, bytes]) -> dict[str, Path]:
    """Make ``folder`` hold exactly ``files`` (name -> bytes) as one set; return their paths.

    Other files already in ``folder`` (records, a user's notes) are kept; the
    brief files of an earlier build (``SET_FILES``) are not.
    """
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(folder) and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    with locked_folder(parent):
        remove_leftovers(parent)
        new = _make_folder(parent, f"{SET_PREFIX}{folder.name}-new-")
        try:
            for name, data in files.items():
                _write_file(new / name, data)
            if folder.is_dir():
                _carry_over(folder, new, keep_out=SET_FILES | set(files))
                os.chmod(new, folder.stat().st_mode & 0o7777)
            _fsync_folder(new)
            _swap_into_place(new, folder)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        shutil.rmtree(new, ignore_errors=True)  # after the swap: the previous set, if any
        _fsync_folder(parent)
    return {name: folder / name for name in files}


@contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself (no lock file is left behind)."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def remove_leftovers(parent: Path) -> list[Path]:
    """Undo or remove what a killed run left in ``parent``; return what was removed.

    A day's folder missing while its ``-old-`` folder exists means a run was
    killed between its two renames: the previous set is put back.
    """
    removed = []
    for entry in sorted(parent.iterdir()):
        if not entry.name.startswith(SET_PREFIX):
            continue
        day, kind = _leftover_day_and_kind(entry.name)
        if kind == "old" and day and not (parent / day).exists():
            os.rename(entry, parent / day)
            continue
        _remove(entry)
        removed.append(entry)
    return removed


def is_temporary(name: str) -> bool:
    """A name ``write_atomically`` or ``write_set`` (or an older briefer) uses while writing."""
    return name.startswith(SET_PREFIX) or (
        name.startswith(".") and (TEMP_MARK in name or name.startswith(_LEGACY_TEMPORARY))
    )


def _leftover_day_and_kind(name: str) -> tuple[str, str]:
    parts = name[len(SET_PREFIX) :].rsplit("-", 2)
    return (parts[0], parts[1]) if len(parts) == 3 else ("", "")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _carry_over(old: Path, new: Path, keep_out: Iterable[str]) -> None:
    """Hard-link (or copy) into ``new`` what ``old`` holds besides the set and temporary files."""
    excluded = set(keep_out)
    for entry in old.iterdir():
        if entry.name in excluded or is_temporary(entry.name):
            continue
        target = new / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True)
            continue
        try:
            os.link(entry, target, follow_symlinks=False)
        except OSError:  # a file system without hard links
            shutil.copy2(entry, target, follow_symlinks=False)


def _swap_into_place(new: Path, folder: Path) -> None:
    """Put ``new`` at ``folder``; afterwards ``new`` holds the previous set (or nothing)."""
    if not folder.exists():
        os.rename(new, folder)
        return
    if _exchange(new, folder):
        return
    aside = _unused_name(folder.parent, f"{SET_PREFIX}{folder.name}-old-")
    os.rename(folder, aside)
    os.rename(new, folder)
    os.rename(aside, new)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then nothing happened)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _make_folder(parent: Path, prefix: str) -> Path:
    """A new folder with a fresh name; mode 0777 less the umask."""
    for _ in range(100):
        candidate = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            os.mkdir(candidate, 0o777)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"cannot find a free temporary name in {parent}")


def _unused_name(parent: Path, prefix: str) -> Path:
    while True:
        candidate = parent / f"{prefix}{secrets.token_hex(6)}"
        if not os.path.lexists(candidate):
            return candidate


def _write_new_file(folder: Path, prefix: str, data: bytes) -> Path:
    """Write ``data`` to a new file with a fresh name in ``folder``; return its path."""
    for _ in range(100):
        candidate = folder / f"{prefix}{secrets.token_hex(6)}"
        try:
            _write_file(candidate, data)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"cannot find a free temporary name in {folder}")


def _write_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist), mode 0666 less the umask, and sync it to disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    descriptor = os.open(path, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
