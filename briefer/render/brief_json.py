"""brief.json: the machine-readable brief, stable and versioned (README.md documents it)."""

from __future__ import annotations

from typing import Any

from briefer.model import Brief, Item, Story
from briefer.render.context import event_fields, optional_line, single_line

#: Fields may be added, never renamed; the version changes when they are.
#: 2 added ``sections[].stories[]``; 3 added every item's ``new`` and ``previous`` (the
#: previous brief compared with); every earlier field is kept.
JSON_SCHEMA_VERSION = 3


def brief_to_json(brief: Brief) -> dict[str, Any]:
    """The machine-readable brief (shape documented in README.md)."""

    def item(i: Item) -> dict[str, Any]:
        fields = {
            "text": i.text,
            "sources": list(i.source_ids),
            "score": round(i.score, 6),
            "article": i.sentence.article_id,
            "start": i.sentence.start,
            "end": i.sentence.end,
            "outlets": brief.outlet_count(i),
            "new": i.new,  # False: the previous brief reported the same fact
        }
        if i.repaired is not None:
            fields["verbatim"] = i.sentence.text  # "text" names the antecedent in brackets
        return fields | event_fields(i.event) if i.event is not None else fields

    def story(s: Story) -> dict[str, Any]:
        return {
            "id": s.id,
            "headline": item(s.headline),
            "items": [item(i) for i in s.items],
            "sources": list(s.sources),
            "outlets": s.outlets,
            "first_reported": s.first_reported.isoformat() if s.first_reported else None,
            "also_in": list(s.also_in),
        }

    return {
        "version": JSON_SCHEMA_VERSION,
        "date": brief.date.isoformat(),
        "title": single_line(brief.title),
        "method": brief.method,
        "bluf": [item(i) | {"topics": list(i.topics)} for i in brief.bluf],
        "sections": [
            {
                "id": s.id,
                "title": single_line(s.title),
                "items": [item(i) for i in s.items],
                "stories": [story(st) for st in s.stories],
            }
            for s in brief.sections
        ],
        "sources": [
            {
                "id": s.id,
                "number": s.number,
                "title": single_line(s.article.title),
                "date": s.article.date.isoformat() if s.article.date else None,
                "path": str(s.article.path),
                "url": optional_line(s.article.url),
                "source": optional_line(s.article.source),
                "author": s.article.author,
                "outlets": list(s.article.outlet_names),
                "undated": s.article.date is None,
            }
            for s in brief.sources
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in brief.skipped],
        "previous": _previous(brief),
    }


def _previous(brief: Brief) -> dict[str, Any] | None:
    """The previous brief compared with (``--previous``, ``briefer daily``), or None."""
    previous = brief.previous
    if previous is None:
        return None
    return {
        "date": previous.date.isoformat(),
        "path": previous.path,
        "repeat": previous.mode,
        "repeated": previous.repeated,
        "dropped": previous.dropped,
    }
