"""OPML subscription lists -> the feeds they name.

Every feed reader exports its subscriptions as OPML: ``<outline>`` elements, nested in
folders, each feed with an ``xmlUrl``. briefer reads such a file (given as an input, or as
``[sources] opml``) as the list of its feeds. An outline that names no usable feed is
reported and skipped; the others are read as if listed one by one.

OPML is XML from elsewhere, so it is parsed with a DTD refused outright: no entity can be
declared, so none can be expanded (no "billion laughs") and none can point outside the file
(no external entities). This is what defusedxml's ``forbid_dtd`` does, done with the
standard library's expat.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from briefer.ingest.fetch import FetchError
from briefer.ingest.files import UnreadableArticle
from briefer.model import Skipped

OPML_SUFFIXES = (".opml",)
_OPML_SNIFF_RE = re.compile(rb"<opml[\s>]", re.IGNORECASE)
_WEB_SCHEMES = ("http", "https")


class OpmlError(UnreadableArticle):
    """The file is not OPML briefer can read (not XML, has a DTD, no <opml> root)."""


@dataclass
class OpmlFeeds:
    """The feeds an OPML file names (URLs, or files for a local OPML), and the bad outlines."""

    feeds: list[str | Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


def looks_like_opml(body: bytes) -> bool:
    return bool(_OPML_SNIFF_RE.search(body[:4096]))


def is_opml_source(source: str | Path) -> bool:
    """An input named like an OPML file (a path or a URL ending in .opml)."""
    path = urlparse(source).path if isinstance(source, str) else str(source)
    return path.lower().endswith(OPML_SUFFIXES)


def read_opml(body: bytes, location: str, folder: Path | None) -> OpmlFeeds:
    """The feeds in an OPML document read from ``location``.

    ``folder`` is where a local OPML file lives: its ``xmlUrl`` may then name a feed file
    (relative to it, or ``file://``). A fetched OPML (``folder`` None) may name only web
    feeds: a page on the network does not get to read this machine's files.
    """
    result = OpmlFeeds()
    seen: set[str] = set()
    for number, attributes in enumerate(_outlines(body, location), start=1):
        if attributes.get("_has_children") and "xmlUrl" not in attributes:
            continue  # a folder of feeds
        name = attributes.get("title") or attributes.get("text") or f"outline {number}"
        try:
            feed = _feed_of(attributes.get("xmlUrl", ""), folder)
        except _BadOutline as problem:
            result.problems.append((f"{location}: outline {name!r}", str(problem)))
            continue
        if str(feed) not in seen:
            seen.add(str(feed))
            result.feeds.append(feed)
    return result


def expand_opml(
    sources: list[str | Path | Skipped], fetch: Callable[[str], bytes]
) -> tuple[list[str | Path | Skipped], list[tuple[str, str]]]:
    """``sources`` with each OPML file or ``.opml`` URL replaced by the feeds it names.

    Done before any feed is read, so the feeds are fetched together like any other URLs.
    An OPML that cannot be read is one problem; each bad outline is another.
    """
    expanded: list[str | Path | Skipped] = []
    problems: list[tuple[str, str]] = []
    for source in sources:
        if isinstance(source, Skipped) or not is_opml_source(source):
            expanded.append(source)
            continue
        try:
            if isinstance(source, Path):
                found = read_opml(source.read_bytes(), str(source), source.parent)
            else:
                found = read_opml(fetch(source), source, None)
        except OSError as error:
            problems.append((str(source), error.strerror or str(error)))
            continue
        except (OpmlError, FetchError) as error:
            problems.append((str(source), str(error).removeprefix(f"{source}: ")))
            continue
        expanded.extend(found.feeds)
        problems.extend(found.problems)
    return expanded, problems


class _BadOutline(ValueError):
    """Why an outline names no feed briefer can read."""


def _feed_of(xml_url: str, folder: Path | None) -> str | Path:
    """The feed an ``xmlUrl`` names: a web URL, or a local file (for a local OPML only)."""
    xml_url = xml_url.strip()
    if not xml_url:
        raise _BadOutline("no xmlUrl (not a feed)")
    parsed = urlparse(xml_url)
    scheme = parsed.scheme.lower()
    if scheme in _WEB_SCHEMES and parsed.netloc:
        return xml_url
    if folder is None:
        raise _BadOutline(f"{xml_url!r} is not an http(s) URL")
    if scheme == "file":
        path = Path(unquote(parsed.path))
    elif len(scheme) > 1:  # "C:" is a drive, not a scheme
        raise _BadOutline(f"unsupported URL scheme {scheme!r} in {xml_url!r}")
    else:
        path = Path(xml_url).expanduser()
        path = path if path.is_absolute() else folder / path
    if not path.is_file():
        raise _BadOutline(f"no such feed file: {path}")
    return path


def _outlines(body: bytes, location: str) -> list[dict[str, str]]:
    """The attributes of every <outline> in document order (``_has_children`` marks folders)."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    outlines: list[dict[str, str]] = []
    open_outlines: list[dict[str, str]] = []
    root: list[str] = []

    def refuse_dtd(*_: object) -> None:
        raise OpmlError(f"{location}: has a DTD; briefer reads OPML without one (for safety)")

    def start(tag: str, attributes: dict[str, str]) -> None:
        if not root:
            root.append(tag)
        if tag != "outline":
            return
        if open_outlines:
            open_outlines[-1]["_has_children"] = "1"
        outline = dict(attributes)
        outlines.append(outline)
        open_outlines.append(outline)

    def end(tag: str) -> None:
        if tag == "outline" and open_outlines:
            open_outlines.pop()

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_dtd  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError as error:
        raise OpmlError(f"{location}: not well-formed XML ({error})") from None
    if root != ["opml"]:
        raise OpmlError(f"{location}: not an OPML file (its root is <{root[0] if root else ''}>)")
    return outlines
