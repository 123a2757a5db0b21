"""The email message for a brief written to disk.

The HTML brief is the body, a plain-text rendering of the Markdown brief (or
of the HTML, when no Markdown was written) its alternative, and the PDF is
attached byte for byte. Header values come only from the checked settings and
the brief's title and date; the subject is checked again once the title is in.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from briefer.config.email import EmailSettings
from briefer.config.files import locked_folder, write_atomically
from briefer.config.table import has_line_break
from briefer.errors import DeliveryError
from briefer.render import long_date


@dataclass(frozen=True)
class BriefFiles:
    """What a message needs from a brief's folder."""

    folder: Path
    pdf: Path
    pdf_data: bytes
    html: str
    text: str
    title: str
    date: dt.date
    ics_data: bytes | None = None  # brief.ics, when the folder has one


def find_brief(path: Path, default_title: str) -> BriefFiles:
    """The brief in folder ``path`` (``brief.pdf`` etc.) or beside the PDF ``path``.

    Its files are read while no build can swap in a new set (see
    ``briefer.config.files.write_set``), so the mail never mixes two builds.
    """
    parent = path.resolve().parent if path.is_dir() else path.resolve().parent.parent
    with ExitStack() as stack:
        with suppress(OSError):  # a folder that cannot be opened: reading the brief says why
            stack.enter_context(locked_folder(parent))
        return _read_brief(path, default_title)


def _read_brief(path: Path, default_title: str) -> BriefFiles:
    if path.is_dir():
        pdf = path / "brief.pdf"
    elif path.suffix.lower() == ".pdf" and path.is_file():
        pdf = path
    else:
        raise DeliveryError(f"{path} is neither a brief's folder nor its PDF")
    if not pdf.is_file():
        raise DeliveryError(f"no brief.pdf in {path} (build it with --format including pdf)")
    html_path = pdf.with_suffix(".html")
    if not html_path.is_file():
        raise DeliveryError(f"no {html_path.name} beside {pdf} (build it with html too)")
    html_text = _read_text(html_path)
    markdown_path = pdf.with_suffix(".md")
    text = (
        markdown_to_text(_read_text(markdown_path))
        if markdown_path.is_file()
        else html_to_text(html_text)
    )
    title, date = _title_and_date(pdf, default_title)
    try:
        pdf_data = pdf.read_bytes()
    except OSError as error:
        raise DeliveryError(f"cannot read {pdf}: {error.strerror}") from error
    ics = pdf.with_suffix(".ics")
    try:
        ics_data = ics.read_bytes() if ics.is_file() else None
    except OSError as error:
        raise DeliveryError(f"cannot read {ics}: {error.strerror}") from error
    return BriefFiles(pdf.parent, pdf, pdf_data, html_text, text, title, date, ics_data)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DeliveryError(f"cannot read {path}: {error}") from error


def _title_and_date(pdf: Path, default_title: str) -> tuple[str, dt.date]:
    """From ``brief.json`` when it is there, else the folder's name and the configured title."""
    json_path = pdf.with_suffix(".json")
    if json_path.is_file():
        try:
            data = json.loads(_read_text(json_path))
            return str(data["title"]), dt.date.fromisoformat(data["date"])
        except (ValueError, KeyError, TypeError) as error:
            raise DeliveryError(f"{json_path} is not a brief.json: {error}") from error
    try:
        return default_title, dt.date.fromisoformat(pdf.parent.name)
    except ValueError:
        raise DeliveryError(
            f"cannot tell the brief's date: no {json_path.name} beside {pdf}, "
            "and its folder is not named YYYY-MM-DD"
        ) from None


_CITATION = re.compile(r"\[\[(\d+)\]\]\(#source-\d+\)")
_ANCHOR = re.compile(r'<a id="[^"]*"></a>')
_SUPERSCRIPT = re.compile(r"</?sup\b[^>]*>")  # superscript citations, <sup class="cite">
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]#|])")


def markdown_to_text(markdown_text: str) -> str:
    """The Markdown brief as plain text: citation links as ``[1]``, no anchors, no escapes."""
    text = _CITATION.sub(r"[\1]", markdown_text)
    text = _ANCHOR.sub("", text)
    text = _SUPERSCRIPT.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return html.unescape(text)


class _TextExtractor(HTMLParser):
    """Text of an HTML page, a line per block, leaving out styles and scripts."""

    _BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html_text: str) -> str:
    """Plain text of the HTML brief, used when ``brief.md`` was not written."""
    extractor = _TextExtractor()
    extractor.feed(html_text)
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n\n".join(line for line in lines if line) + "\n"


# --- The message -----------------------------------------------------------------------


def subject_line(template: str, title: str, date: dt.date) -> str:
    """The subject from its template; the result is checked for line breaks."""
    subject = template.format(title=title, date=long_date(date), date_iso=date.isoformat())
    if has_line_break(subject):
        raise DeliveryError(f"the subject {subject!r} contains a line break")
    return subject


def build_message(brief: BriefFiles, settings: EmailSettings, sent_at: dt.datetime) -> EmailMessage:
    """The whole message: text and HTML alternatives, the PDF (and with attach_ics the
    outlook's calendar) attached."""
    message = EmailMessage()
    message["Subject"] = subject_line(settings.subject, brief.title, brief.date)
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = make_msgid("briefer", domain=_domain(settings.sender))
    message.set_content(brief.text)
    message.add_alternative(brief.html, subtype="html")
    message.add_attachment(
        brief.pdf_data,
        maintype="application",
        subtype="pdf",
        filename=f"brief-{brief.date.isoformat()}.pdf",
    )
    if settings.attach_ics:
        if brief.ics_data is None:
            raise DeliveryError(
                f"'email.attach_ics' is true but there is no brief.ics beside {brief.pdf} "
                "(build it with --format including ics)"
            )
        message.add_attachment(
            brief.ics_data,
            maintype="text",
            subtype="calendar",
            filename=f"brief-{brief.date.isoformat()}.ics",
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    return message


def _domain(address: str) -> str:
    return getaddresses([address])[0][1].rpartition("@")[2] or "localhost"


def message_bytes(message: EmailMessage) -> bytes:
    """The message exactly as it goes over the wire (CRLF line ends)."""
    buffer = BytesIO()
    BytesGenerator(buffer, policy=message.policy.clone(linesep="\r\n")).flatten(message)
    return buffer.getvalue()


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message as an ``.eml`` file, atomically (for ``--dry-run``)."""
    write_atomically(path, message_bytes(message))
    return path
