"""brief.json: the machine-readable brief, stable and versioned (README.md documents it)."""

from __future__ import annotations

from typing import Any

from briefer.model import Brief, Item
from briefer.render.context import event_fields, optional_line, single_line

#: Fields may be added, never renamed; the version changes when they are.
JSON_SCHEMA_VERSION = 1


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
        }
        return fields | event_fields(i.event) if i.event is not None else fields

    return {
        "version": JSON_SCHEMA_VERSION,
        "date": brief.date.isoformat(),
        "title": single_line(brief.title),
        "method": brief.method,
        "bluf": [item(i) for i in brief.bluf],
        "sections": [
            {"id": s.id, "title": single_line(s.title), "items": [item(i) for i in s.items]}
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
    }
