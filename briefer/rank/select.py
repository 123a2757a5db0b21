"""Choosing sentences from scores: the plain top, or the top without repeats.

``choose_diverse`` is the redundancy control of maximal marginal relevance
(Carbonell & Goldstein 1998) in its hard form: greedy by score, a sentence
whose cosine with one already chosen reaches ``REDUNDANT`` (the brief's
measured same-fact threshold) is passed over, so two articles' versions of one
fact do not fill a budget twice. The soft form
(score minus a share of the similarity) was measured too: it gained a little
on CNN/DM and lost more on BBC (docs/ranking.md); the brief's own selection
across sections (``briefer.select``) uses it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..model import Sentence
from ..text import content_stems
from .tokens import count_matrix

#: Cosine of stemmed content words at which a sentence repeats a chosen one: the
#: brief's default ``duplicate_threshold``, measured by benchmarks/duplicate_threshold.py.
REDUNDANT = 0.55


def choose_top(scores: Sequence[float], count: int) -> list[int]:
    """Indices of the ``count`` best scores; ties go to the earlier sentence (as sumy)."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:count]


def choose_diverse(sentences: Sequence[Sentence], scores: Sequence[float], count: int) -> list[int]:
    """Indices of up to ``count`` best-scored sentences that repeat none chosen before."""
    if not sentences or count <= 0:
        return []
    unit = _unit_rows([content_stems(s.text) for s in sentences])
    chosen: list[int] = []
    for index in choose_top(scores, len(scores)):
        if len(chosen) == count:
            break
        if chosen and (unit[chosen] @ unit[index].T).max() >= REDUNDANT:
            continue
        chosen.append(index)
    return chosen


def _unit_rows(terms: Sequence[list[str]]) -> sp.csr_matrix:
    counts = count_matrix(terms)
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inverse) @ counts)
