"""Turn scored sentences into brief items: one fact said once, every source cited.

Selection is greedy by score. A sentence that says the same thing as one
already in the brief (stemmed-word cosine at or above the measured threshold)
is not repeated; instead its article is cited on the item that said it first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .model import Item, Sentence
from .text import content_stems, cosine


class FactIndex:
    """Every sentence of the day's articles, for finding restatements of a fact."""

    def __init__(self, sentences: Sequence[Sentence], threshold: float) -> None:
        self.threshold = threshold
        self._sentences = list(sentences)
        self._bags = [Counter(content_stems(s.text)) for s in self._sentences]
        self._bag_of = {id(s): bag for s, bag in zip(self._sentences, self._bags, strict=True)}

    def bag(self, sentence: Sentence) -> Counter[str]:
        return self._bag_of.get(id(sentence)) or Counter(content_stems(sentence.text))

    def same_fact(self, a: Sentence, b: Sentence) -> bool:
        return cosine(self.bag(a), self.bag(b)) >= self.threshold

    def restatements(self, sentence: Sentence) -> list[Sentence]:
        """Sentences of *other* articles that report the same fact as ``sentence``."""
        bag = self.bag(sentence)
        best: dict[str, tuple[float, Sentence]] = {}
        for other, other_bag in zip(self._sentences, self._bags, strict=True):
            if other.article_id == sentence.article_id:
                continue
            similarity = cosine(bag, other_bag)
            if similarity >= self.threshold and similarity > best.get(other.article_id, (0.0,))[0]:
                best[other.article_id] = (similarity, other)
        return [other for _, other in best.values()]


def select_items(
    candidates: Sequence[Sentence],
    scores: Sequence[float],
    count: int,
    facts: FactIndex,
    already_said: list[Item],
) -> list[Item]:
    """Pick up to ``count`` items by score, skipping facts already in the brief.

    ``already_said`` holds the items chosen so far for the whole brief; it is
    extended with the new items, so a later section never repeats a fact.
    """
    ranked = sorted(
        zip(candidates, scores, strict=True),
        key=lambda pair: (-pair[1], pair[0].article_id, pair[0].index),
    )
    chosen: list[Item] = []
    for sentence, score in ranked:
        if len(chosen) >= count:
            break
        if any(_is_same(item, sentence, facts) for item in already_said):
            continue
        restated = facts.restatements(sentence)
        item = Item(
            sentence=sentence,
            score=score,
            source_ids=_unique([sentence.article_id] + [s.article_id for s in restated]),
            also_reported_as=restated,
        )
        chosen.append(item)
        already_said.append(item)
    return chosen


def _is_same(item: Item, sentence: Sentence, facts: FactIndex) -> bool:
    if item.sentence == sentence or any(s == sentence for s in item.also_reported_as):
        return True
    return facts.same_fact(item.sentence, sentence)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
