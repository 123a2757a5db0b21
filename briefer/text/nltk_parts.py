"""The two parts of NLTK briefer uses, Punkt and the Snowball stemmer, imported lightly.

``import nltk`` runs the whole package's ``__init__``, which imports
``nltk.metrics.association``, which imports ``scipy.stats`` for Fisher's exact
test: 0.5-0.8 s of start-up for a function briefer never calls. NLTK guards
that import (``except ImportError``: the test then raises
``NotImplementedError``), so it is refused here while NLTK loads, and only
then; anything that imports ``scipy.stats`` later gets it as usual.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType


class _NoScipyStats(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> None:
        if name == "scipy.stats" or name.startswith("scipy.stats."):
            raise ImportError(f"{name} is not loaded for NLTK (briefer needs no statistics)")
        return None


def _import_nltk() -> None:
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    guard = _NoScipyStats()
    sys.meta_path.insert(0, guard)
    try:
        import nltk  # noqa: F401
    finally:
        sys.meta_path.remove(guard)


_import_nltk()

from nltk.stem.snowball import SnowballStemmer  # noqa: E402
from nltk.tokenize.punkt import (  # noqa: E402
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

__all__ = [
    "PunktLanguageVars",
    "PunktParameters",
    "PunktSentenceTokenizer",
    "PunktToken",
    "SnowballStemmer",
]
