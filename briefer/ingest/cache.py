"""A cache of fetched pages, kept per day, in the user's cache folder.

Analysts re-run a brief several times a day (a new topic, another method); the
news sites should not see each re-run. A page fetched today is served from
disk for the rest of the day; the next day it is fetched again, and folders
of past days are removed. The folder follows the platform's conventions
(``~/.cache/briefer`` on Linux, ``~/Library/Caches/briefer`` on macOS,
``%LOCALAPPDATA%\\briefer\\Cache`` on Windows); ``BRIEFER_CACHE_DIR`` overrides it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from briefer.config.files import write_atomically

log = logging.getLogger(__name__)

CACHE_ENV = "BRIEFER_CACHE_DIR"
_KEEP_DAYS = 7


def cache_folder() -> Path:
    """Where fetched pages are kept: ``$BRIEFER_CACHE_DIR``, else the platform's cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefer", appauthor=False))


class CachedPage(NamedTuple):
    """What the cache keeps of a fetched page."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes
    #: Every address the fetch connected to (redirects too): a later run that would refuse
    #: one of them (no ``allow_private``) must not be served the page from here either.
    addresses: tuple[str, ...] = ()


class PageCache:
    """Pages fetched on ``day``, one JSON header and one body file per URL."""

    def __init__(self, folder: Path, day: dt.date) -> None:
        self.folder = folder / "pages" / day.isoformat()
        self._remove_old_days(folder / "pages", day)

    def get(self, url: str) -> CachedPage | None:
        header_path, body_path = self._paths(url)
        try:
            header = json.loads(header_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            return CachedPage(
                url=url,
                final_url=str(header["final_url"]),
                content_type=str(header["content_type"]),
                charset=header.get("charset"),
                body=body,
                addresses=tuple(str(address) for address in header["addresses"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable, or cached before addresses were kept: fetch again

    def put(self, page: CachedPage) -> None:
        header_path, body_path = self._paths(page.url)
        header = {
            "url": page.url,
            "final_url": page.final_url,
            "content_type": page.content_type,
            "charset": page.charset,
            "addresses": list(page.addresses),
        }
        try:
            write_atomically(body_path, page.body)
            write_atomically(header_path, json.dumps(header).encode("utf-8"))
        except OSError as error:
            log.warning("cannot cache %s in %s: %s", page.url, self.folder, error.strerror)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    @staticmethod
    def _remove_old_days(pages: Path, day: dt.date) -> None:
        """Folders of days long past are never read again; keep the disk tidy."""
        if not pages.is_dir():
            return
        for folder in pages.iterdir():
            try:
                age = (day - dt.date.fromisoformat(folder.name)).days
            except ValueError:
                continue
            if age > _KEEP_DAYS:
                shutil.rmtree(folder, ignore_errors=True)
