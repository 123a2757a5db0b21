"""Bytes of unknown encoding -> text, for files and pages alike.

Articles saved from older sites or Windows tools come as windows-1252,
Latin-1 or UTF-16; skipping them as "not UTF-8" loses a source, and reading
them as UTF-8 with replacement characters garbles every accented name. The
order: a byte-order mark, then UTF-8 (other encodings almost never form valid
UTF-8 by chance), then charset-normalizer; bytes it cannot read as any
encoding are binary.
"""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)

# WHATWG: browsers read these labels as windows-1252, and so must we, or curly
# quotes in pages that say "iso-8859-1" come out as control characters.
WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "iso8859_1", "latin-1", "latin_1", "latin1",
                        "us-ascii", "ascii"}  # fmt: skip
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its mark starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control characters (other than tab, newlines, form feed) allowed per 1,000 before
#: decoded text counts as binary.
_MAX_CONTROLS_PER_1000 = 5


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class Undecodable(ValueError):
    """Bytes that are not text in any encoding briefer can tell."""


def bom_charset(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names, if it has one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def codec_for(label: str | None) -> str | None:
    """A Python codec for a charset label, or None for a missing or unknown label."""
    if not label:
        return None
    label = label.strip().lower()
    if label in WINDOWS_1252_ALIASES:
        return "windows-1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        log.debug("unknown charset %r", label)
        return None
    if not getattr(info, "_is_text_encoding", True):  # "base64", "rot13": not a charset
        log.debug("charset %r is not a text encoding", label)
        return None
    return info.name


def decode_text(data: bytes) -> str:
    """``data`` as text: BOM, UTF-8, then detection; ``Undecodable`` for binary bytes."""
    codec = bom_charset(data)
    if codec is not None:
        return _checked(data.decode(codec, errors="replace").lstrip("\ufeff"))
    if b"\x00" not in data:  # NUL bytes: binary, or UTF-16/32 without a mark
        try:
            return _checked(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    codec = detect(data)
    if codec is None or (b"\x00" in data and not codec.startswith("utf")):
        raise Undecodable("binary file, not text")
    return _checked(data.decode(codec, errors="replace"))


def detect(data: bytes) -> str | None:
    """charset-normalizer's codec for ``data`` (None: not text).

    On short or language-poor text many single-byte codecs fit equally well;
    windows-1252, the most common of them in news text, wins a tie.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if codec_for(match.encoding) == "cp1252" and (
            match.chaos <= best.chaos and match.coherence >= best.coherence
        ):
            return "cp1252"
    return codec_for(best.encoding)


def _checked(text: str) -> str:
    controls = len(_CONTROL_RE.findall(text))
    if controls * 1000 > _MAX_CONTROLS_PER_1000 * max(len(text), 1):
        raise Undecodable("binary file, not text")
    return text


def decode_html(body: bytes, http_charset: str | None = None) -> str:
    """Bytes of a page as text: HTTP charset, then BOM, then ``<meta charset>``, then detection.

    A page that decodes as UTF-8 is UTF-8 (other encodings almost never form
    valid UTF-8 by chance); anything else undeclared goes to charset-normalizer.
    """
    for label in (http_charset, bom_charset(body), _meta_charset(body)):
        codec = codec_for(label)
        if codec is not None:
            return body.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return body.decode(detect(body) or "windows-1252", errors="replace")


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET_RE.search(body[:4096])
    return match.group(1).decode("ascii", errors="replace") if match else None
