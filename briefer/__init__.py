"""briefer: a dated, intelligence-style daily brief from a day's news articles.

Python use::

    import datetime as dt
    import briefer

    brief = briefer.build_brief(["seeds/"], date=dt.date(2026, 11, 23))
    paths = briefer.write_brief(brief, Path("output"))

    # Time expressions of a sentence, resolved against its article's date:
    mentions = briefer.find_dates("He said Friday he will visit in May.", dt.date(2024, 3, 6))
    [m.when for m in mentions]  # ['2024-03-01', '2024-05']: past reporting, then a plan
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# Public names and the module that defines each. They are imported on first
# use, so `briefer --help` does not pay for NLTK, sumy and WeasyPrint.
_EXPORTS = {
    "Article": "model",
    "Event": "model",
    "Brief": "model",
    "Item": "model",
    "Section": "model",
    "Sentence": "model",
    "Source": "model",
    "Story": "model",
    "BrieferError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "RenderError": "errors",
    "DeliveryError": "errors",
    "Config": "config",
    "TopicConfig": "config",
    "load_config": "config",
    "build_brief": "pipeline",
    "brief_to_json": "render",
    "write_brief": "render",
    "find_dates": "text.dates",
    "DateMention": "text.dates",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'briefer' has no attribute {name!r}")
