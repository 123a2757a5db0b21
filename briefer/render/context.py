"""What templates see: the brief as plain values, escaped for Markdown where needed.

Article text is untrusted: the ``md`` filter escapes it for Markdown, and
citations, URLs and CSS strings are built here, never in templates. Strings
from the config or an article that are one line (titles, topic titles, the
banner, a source's title, outlet, path and URL) reach templates with their
line breaks collapsed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from types import SimpleNamespace
from typing import Any, overload

import jinja2
from markupsafe import Markup

from briefer.compose.brief import cited_on
from briefer.config.document import DocumentSettings, date_time_group
from briefer.model import Brief, Event, Item, Section, Source, Story
from briefer.text.dates import describe_when


def long_date(day: dt.date | None) -> str | None:
    """23 November 2026 (no locale, no leading zero)."""
    return f"{day.day} {day:%B %Y}" if day else None


def short_date(day: dt.date | None) -> str | None:
    """23 Nov 2026: a story's source line, where the date is one detail among several."""
    return f"{day.day} {day:%b %Y}" if day else None


# --- Markdown escaping and citations -------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Make article text inert in Markdown: no markup, no raw HTML, no links."""
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")


def single_line(text: str) -> str:
    """``text`` with its line breaks collapsed to spaces, for fields that are one line.

    A title, outlet or URL from a config file or an article is untrusted: a line
    break in it would start a new Markdown block, e.g. a forged "2." source.
    """
    return _LINE_BREAKS.sub(" ", text).strip()


def optional_line(text: str | None) -> str | None:
    """``single_line`` for a field that may be missing."""
    return None if text is None else single_line(text)


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span that no backtick inside it can close early."""
    text = " ".join(text.splitlines())
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    return f"{fence} {text} {fence}" if runs else f"{fence}{text}{fence}"


_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def markdown_url(url: str) -> str:
    """An article's URL as a Markdown autolink if it is a plain http(s) URL, else as text.

    A URL comes from the article, so it is untrusted: ``<x onmouseover=...>``
    would otherwise pass through Markdown as a raw HTML tag.
    """
    return f"<{url}>" if _SAFE_URL.match(url) else escape_markdown(url)


#: U+2060 WORD JOINER: keeps a superscript citation on the line of the word it follows.
WORD_JOINER = "\u2060"


@jinja2.pass_context
def cite(context: jinja2.runtime.Context, item: Any) -> str:
    """Citation links for an item, to the numbered sources.

    Superscript (the default): ``<sup class="cite">[[1]](#source-1)[[2]](#source-2)</sup>``
    right after the sentence (joined to its last word in HTML, so a narrow
    screen never starts a line with it); otherwise `` [[1]](#source-1)...``.
    The reports not cited (``[document] citations``) are counted: ``[1][2][3] +41 more``.
    """
    links = "".join(f"[[{n}]](#source-{n})" for n in item.citations)
    more = getattr(item, "more", 0)
    if more:
        links += f" +{more:,} more"
    document = context.get("document")
    if document is None or document.superscript_citations:
        joiner = WORD_JOINER if context.get("output") == "html" else ""
        return f'{joiner}<sup class="cite">{links}</sup>'
    return f" {links}"


def clip_words(text: str, words: int = 12) -> str:
    """The first ``words`` words of ``text``, with "…" when some were cut.

    A pointer to a story elsewhere names it by its headline; a whole
    40-word headline as a link reads as a second copy of the story.
    """
    tokens = text.split()
    if len(tokens) <= words:
        return text
    return " ".join(tokens[:words]).rstrip(",;:") + "…"


_CSS_SAFE = re.compile(r"[A-Za-z0-9 ]")


def css_string(text: str) -> str:
    """A CSS string literal, quotes included, that cannot end the string or the ``<style>``.

    Every character but letters, digits and spaces becomes a CSS hex escape,
    so a banner such as ``SECRET"}</style><script>`` stays text.
    """
    escaped = "".join(c if _CSS_SAFE.match(c) else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')  # only letters, digits, spaces and escapes: safe in HTML


# --- The view every template receives ------------------------------------------------


def brief_context(
    brief: Brief, document: DocumentSettings | None = None, output: str = "markdown"
) -> dict[str, Any]:
    """The variables templates receive (documented in docs/templates.md).

    Values are namespaces, not dicts, so ``section.items`` is the list of
    items and not ``dict.items``.
    """
    document = document or DocumentSettings()
    numbers = {source.id: source.number for source in brief.sources}
    reported = {source.id: source.article.date for source in brief.sources}
    articles = {source.id: source.article for source in brief.sources}
    cited: set[str] = set()  # the sources some line cites: the list the document shows
    limit = document.citations

    def item_view(item: Item) -> SimpleNamespace:
        shown = cited_on(item, articles, limit)
        cited.update(shown)
        view = SimpleNamespace(
            text=item.text,
            citations=sorted(numbers[sid] for sid in shown),
            more=len(item.source_ids) - len(shown),
            source_ids=list(item.source_ids),
            score=item.score,
            outlets=brief.outlet_count(item),
            as_of=as_of(item, reported, brief.date),
            new=item.new,  # False: the previous brief reported it ("(reported before)")
        )
        # An outlook row's what, when, who, where, status; empty for other items, so a
        # section template can show either kind of item.
        event = item.event or NO_EVENT
        vars(view).update(event_fields(event))
        view.when_long = describe_when(event.when) if item.event else None
        return view

    document = replace(document, banner=single_line(document.banner))

    def story_view(story: Story) -> SimpleNamespace:
        headline, items = item_view(story.headline), [item_view(item) for item in story.items]
        return SimpleNamespace(
            id=story.id,
            anchor=story.id if story.id.startswith("story-") else f"story-{story.id}",
            headline=headline,
            items=items,
            sources=list(story.sources),
            citations=sorted({n for item in (headline, *items) for n in item.citations}),
            outlets=story.outlets,
            first_reported=story.first_reported,
            first_reported_iso=story.first_reported.isoformat() if story.first_reported else None,
            first_reported_short=short_date(story.first_reported),
            topic=story.topic,
            also_in=list(story.also_in),
        )

    stories = {story.id: story_view(story) for s in brief.sections for story in s.stories}
    bluf = [item_view(item) for item in brief.bluf]
    section_items = [[item_view(item) for item in section.items] for section in brief.sections]
    dates = [s.article.date for s in brief.sources if s.article.date]
    cutoff = max(dates) if dates else None
    sources = SourceViews(brief.sources)
    reporting = brief.cited_ids() - cited
    return {
        "brief": SimpleNamespace(
            title=single_line(brief.title),
            date=brief.date,
            date_iso=brief.date.isoformat(),
            date_long=long_date(brief.date),
            dtg=date_time_group(brief.date, document.dtg_time) if document.dtg_time else None,
            cutoff=cutoff,
            cutoff_long=long_date(cutoff),
            method=brief.method,
            skipped=[SimpleNamespace(path=s.path, reason=s.reason) for s in brief.skipped],
            previous=_previous_view(brief),
        ),
        "document": SimpleNamespace(**vars(document)),
        "output": output,
        "bluf": bluf,
        "sections": [
            SimpleNamespace(
                id=section.id,
                number=number,
                title=single_line(section.title),
                items=items,
                reported=section.reported,
                dropped=section.dropped,
                stories=[stories[story.id] for story in section.stories],
                see_also=_pointers(brief.sections, section, stories),
            )
            for number, (section, items) in enumerate(
                zip(brief.sections, section_items, strict=True), start=1
            )
        ],
        "sources": sources,
        "cited_sources": list(sources.where(cited)),
        "uncited_sources": sources.where(cited, keep=False),
        # Of those, the ones that reported a fact of the brief but are not cited on its line.
        "reporting_sources": sources.where(reporting),
    }


def _previous_view(brief: Brief) -> SimpleNamespace | None:
    """The previous brief compared with (``--previous``), or None."""
    previous = brief.previous
    if previous is None:
        return None
    return SimpleNamespace(
        date=previous.date,
        date_long=long_date(previous.date),
        repeat=previous.mode,
        repeated=previous.repeated,
        dropped=previous.dropped,
    )


def as_of(item: Item, reported: dict[str, dt.date | None], brief_date: dt.date) -> str | None:
    """ "15 November 2023": the newest report of an item older than the day before the brief."""
    dates = [day for sid in item.source_ids if (day := reported.get(sid)) is not None]
    if not dates or max(dates) >= brief_date - dt.timedelta(days=1):
        return None
    return long_date(max(dates))


def _pointers(
    sections: Iterable[Section], here: Section, stories: dict[str, SimpleNamespace]
) -> list[SimpleNamespace]:
    """The stories told in another section that also fit this one: the section points to them.

    A story appears once, in its main topic; the other topics it fits list it
    as "see also", with the number and title of the section that tells it.
    """
    return [
        SimpleNamespace(
            story=stories[story.id],
            section_id=other.id,
            section_number=number,
            section_title=other.title,
        )
        for number, other in enumerate(sections, start=1)
        if other is not here
        for story in other.stories
        if here.id in story.also_in
    ]


class SourceViews(Sequence[SimpleNamespace]):
    """Source views made when a template reads them: on a busy day most sources are only
    counted (``uncited_sources|length``), and a view of each would cost more than the page."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self._sources = sources
        self._views: dict[int, SimpleNamespace] = {}

    def __len__(self) -> int:
        return len(self._sources)

    @overload
    def __getitem__(self, index: int) -> SimpleNamespace: ...
    @overload
    def __getitem__(self, index: slice) -> list[SimpleNamespace]: ...
    def __getitem__(self, index: int | slice) -> SimpleNamespace | list[SimpleNamespace]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        view = self._views.get(index)
        if view is None:
            view = self._views[index] = source_view(self._sources[index])
        return view

    def where(self, ids: Collection[str], keep: bool = True) -> SourceViews:
        """The sources whose id is in ``ids`` (``keep=False``: not in ``ids``), in order."""
        return SourceViews([s for s in self._sources if (s.id in ids) == keep])


def source_view(source: Source) -> SimpleNamespace:
    """One entry of the sources list as templates see it."""
    article = source.article
    # A page that names no outlet may have its title taken for one: say the title once.
    same = article.source is not None and _plain(article.source) == _plain(article.title)
    return SimpleNamespace(
        number=source.number,
        id=source.id,
        title=single_line(article.title),
        publisher=None if same else optional_line(article.source),
        date=article.date,
        date_iso=article.date.isoformat() if article.date else None,
        date_long=long_date(article.date),
        path=single_line(str(article.path)),
        url=optional_line(article.url),
        outlets=[single_line(name) for name in article.outlet_names],
    )


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


NO_EVENT = Event(what="", when=None, when_text=None, who=(), where=None, status="")


def event_fields(event: Event) -> dict[str, Any]:
    """An outlook row's event, as brief.json and the templates see it."""
    return {
        "what": event.what,
        "when": event.when,
        "when_text": event.when_text,
        "who": list(event.who),
        "where": event.where,
        "status": event.status,
    }


# --- Renderers ------------------------------------------------------------------------
