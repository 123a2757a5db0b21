"""The rankers: the fast LexRank/TextRank choose what sumy's choose; the brief method's priors."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp
from conftest import eval_dev_file

from briefer.compose.select import summarize
from briefer.config import load_config
from briefer.model import Sentence
from briefer.rank import METHODS, pairs, score_sentences
from briefer.rank.brief import LEDE_WEIGHT
from briefer.rank.graph import LEXRANK_THRESHOLD, _graph_above, lexrank_scores, textrank_scores
from briefer.rank.pairs import pairs_above
from briefer.text.sentences import Tokenizer, split_sentences
from briefer.text.tokens import count_matrix, sumy_terms, tokenize
from briefer.text.words import stem, stop_words

# sumy's pure-Python rankers take 2-60 s at 1,000 and 3,000 sentences: those sizes are slow.
SIZES = [100, 300, *(pytest.param(n, marks=pytest.mark.slow) for n in (1000, 3000))]


def _real_sentences(count: int) -> list[str]:
    """Distinct sentences of the CNN/DM and BBC dev sets, articles concatenated in order."""
    seen: dict[str, None] = {}
    for name in ("cnndm-dev.jsonl", "bbc-news-summary.jsonl"):
        for line in eval_dev_file(name).read_text(encoding="utf-8").splitlines():
            for paragraph in json.loads(line)["text"].split("\n\n"):
                for sentence in split_sentences(paragraph):
                    seen.setdefault(sentence.strip(), None)
    sentences = list(seen)
    assert len(sentences) >= count
    return sentences[:count]


def _sumy_top10(summarizer_class: type, texts: Sequence[str]) -> list[int]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    summarizer = summarizer_class(stem)
    summarizer.stop_words = stop_words()
    tokenizer = Tokenizer()
    document = ObjectDocumentModel((Paragraph([SumySentence(text, tokenizer) for text in texts]),))
    by_text = {text: order for order, text in enumerate(texts)}
    return [by_text[str(s)] for s in summarizer(document, 10)]


def _top10(rank: Callable[[list[list[str]]], np.ndarray], texts: Sequence[str]) -> list[int]:
    scores = rank([sumy_terms(text) for text in texts])
    return sorted(sorted(range(len(texts)), key=lambda i: (-scores[i], i))[:10])


@pytest.mark.parametrize("size", SIZES)
def test_fast_lexrank_chooses_what_sumy_chooses(size: int) -> None:
    from sumy.summarizers.lex_rank import LexRankSummarizer

    texts = _real_sentences(size)
    assert _top10(lexrank_scores, texts) == _sumy_top10(LexRankSummarizer, texts)


@pytest.mark.usefixtures("tiles")
def test_fast_lexrank_scores_equal_sumys() -> None:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    texts = _real_sentences(300)
    summarizer = LexRankSummarizer(stem)
    summarizer.stop_words = stop_words()
    tokenizer = Tokenizer()
    document = ObjectDocumentModel((Paragraph([SumySentence(text, tokenizer) for text in texts]),))
    sumy_scores = np.zeros(len(texts))

    def keep_ratings(infos: Sequence[object]) -> Sequence[object]:
        for info in infos:
            sumy_scores[info.order] = info.rating  # type: ignore[attr-defined]
        return infos[:10]

    summarizer(document, keep_ratings)
    assert len(set(sumy_scores)) > len(texts) / 2
    np.testing.assert_allclose(
        lexrank_scores([sumy_terms(t) for t in texts]), sumy_scores, rtol=1e-9, atol=0
    )


@pytest.mark.parametrize("size", SIZES)
def test_fast_textrank_chooses_what_sumy_chooses(size: int) -> None:
    from sumy.summarizers.text_rank import TextRankSummarizer

    texts = _real_sentences(size)
    assert _top10(textrank_scores, texts) == _sumy_top10(TextRankSummarizer, texts)


def _sentences(*articles: Sequence[str]) -> list[Sentence]:
    return [
        Sentence(f"{text}", f"a{a}", i, 0, 0, len(text), tokenize(text))
        for a, texts in enumerate(articles)
        for i, text in enumerate(texts)
    ]


ARTICLE = [
    "Ukraine and Russia agreed on a prisoner exchange in talks held in Istanbul on Monday.",
    "The exchange covers hundreds of prisoners held by both sides since the invasion.",
    "Officials said the talks in Istanbul would resume next week to discuss a ceasefire.",
    "The weather in Istanbul was mild, and the city's ferries ran as usual.",
]


def test_every_method_gives_one_finite_score_per_sentence() -> None:
    sentences = _sentences(ARTICLE)
    for method in METHODS:
        scores = score_sentences(method, sentences, ["Ukraine"])
        assert len(scores) == len(sentences), method
        assert all(np.isfinite(scores)), method
    assert score_sentences("brief", []) == []


def test_brief_prefers_the_lead_when_centrality_is_even() -> None:
    sentences = _sentences(
        ["Prices rose in March.", "Prices fell in April.", "Prices rose in May."]
    )
    scores = score_sentences("brief", sentences)
    assert scores[0] > scores[2]


def test_brief_prefers_a_fact_another_article_reports() -> None:
    other = [
        "Markets were calm.",
        "Officials said the talks in Istanbul would resume next week to discuss a ceasefire.",
    ]
    alone = score_sentences("brief", _sentences(ARTICLE))
    corroborated = score_sentences("brief", _sentences(ARTICLE, other))
    assert corroborated[2] / corroborated[1] > alone[2] / alone[1]


def test_brief_prefers_sentences_on_the_topic() -> None:
    sentences = _sentences(ARTICLE)
    neutral = score_sentences("brief", sentences)
    on_ferries = score_sentences("brief", sentences, ["ferries"])
    assert on_ferries[3] / on_ferries[0] > neutral[3] / neutral[0]


def test_summarize_keeps_document_order_and_skips_repeats() -> None:
    sentences = _sentences([*ARTICLE, ARTICLE[0]])
    chosen = summarize("brief", sentences, 3)
    texts = [s.text for s in chosen]
    assert len(texts) == len(set(texts)) == 3
    assert [s.index for s in chosen] == sorted(s.index for s in chosen)


def _unit_rows(texts: Sequence[str]) -> sp.csr_matrix:
    """L2-normalised term counts of each text (a row of zeros for a text with no terms)."""
    counts = count_matrix([sumy_terms(t) for t in texts])
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    inverse = np.divide(1, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inverse) @ counts)


@pytest.fixture(params=["one tile", "many tiles"])
def tiles(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Products in one tile, or in small tiles that do not line up with the diagonal."""
    if request.param == "many tiles":
        monkeypatch.setattr(pairs, "TILE_ROWS", 96)
        monkeypatch.setattr(pairs, "TILE_COLUMNS", 160)


@pytest.mark.usefixtures("tiles")
def test_prefix_filtered_pairs_equal_the_full_product() -> None:
    unit = _unit_rows(_real_sentences(1500))
    for threshold in (0.1, 0.5):
        full = sp.csr_matrix(unit @ unit.T)
        full.data[full.data <= threshold] = 0
        full.eliminate_zeros()
        found = pairs_above(unit, threshold)
        assert found.nnz == full.nnz > unit.shape[0]
        assert abs(found - full).max() < 1e-12


@pytest.mark.usefixtures("tiles")
def test_lexrank_graph_has_an_edge_exactly_where_the_cosine_exceeds_the_threshold() -> None:
    texts = [*_real_sentences(400), "It is what it was.", "Markets were calm."]
    unit = _unit_rows(texts)
    dense = unit.toarray()
    every_pair = (dense @ dense.T > LEXRANK_THRESHOLD).astype(float)
    graph = _graph_above(unit, LEXRANK_THRESHOLD)
    found = np.column_stack([graph.times(column) for column in np.eye(len(texts))])
    assert 0 < every_pair.sum() < len(texts) ** 2 / 2
    assert every_pair[-2, -2] == 0  # only stop words: no self-loop
    np.testing.assert_array_equal(found, every_pair)


def test_fast_lexrank_with_repeated_sentences_chooses_what_sumy_chooses() -> None:
    """Wire copy repeats sentences verbatim; the fast LexRank ranks each group of copies once."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    distinct = _real_sentences(300)
    texts = distinct + distinct[:40] + distinct[100:120] * 3
    summarizer = LexRankSummarizer(stem)
    summarizer.stop_words = stop_words()
    tokenizer = Tokenizer()
    document = ObjectDocumentModel((Paragraph([SumySentence(text, tokenizer) for text in texts]),))
    orders: list[int] = []

    def first_ten(infos: Sequence[object]) -> Sequence[object]:
        orders.extend(info.order for info in infos[:10])  # type: ignore[attr-defined]
        return infos[:10]

    summarizer(document, first_ten)
    assert _top10(lexrank_scores, texts) == sorted(orders)


def test_reduction_scores_equal_sumys_reduction_within_each_article() -> None:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.reduction import ReductionSummarizer

    from briefer.rank.brief import reduction_scores

    texts = _real_sentences(400)
    articles = [texts[:150], texts[150:]]
    expected: list[float] = []
    for article in articles:
        summarizer = ReductionSummarizer(stem)
        summarizer.stop_words = stop_words()
        sentences = [SumySentence(text, Tokenizer()) for text in article]
        ratings = summarizer.rate_sentences(ObjectDocumentModel((Paragraph(sentences),)))
        expected.extend(ratings[s] for s in sentences)
    ids = ["first"] * 150 + ["second"] * 250
    scores = reduction_scores([sumy_terms(text) for text in texts], ids)
    np.testing.assert_allclose(scores, expected, rtol=1e-12, atol=1e-12)


def test_brief_measures_a_candidates_centrality_against_its_whole_article() -> None:
    article = _sentences(ARTICLE)
    candidates = [article[1], article[3]]  # say, the two sentences a topic matched
    in_context = score_sentences("brief", candidates, context=article)
    whole = score_sentences("brief", article)
    alone = score_sentences("brief", candidates)
    assert in_context[0] / in_context[1] == pytest.approx(whole[1] / whole[3])
    assert alone[0] / alone[1] != pytest.approx(whole[1] / whole[3])


def test_brief_puts_the_lede_before_a_more_central_body_sentence() -> None:
    from briefer.rank.brief import reduction_scores

    texts = [
        "Storms closed the port of Odesa on Monday.",
        "Grain ships waited offshore.",
        "Officials expect the port to reopen on Wednesday.",
        "Officials said storms closed the port and grain ships waited offshore until Wednesday.",
    ]
    centrality = reduction_scores([sumy_terms(t) for t in texts], ["a0"] * len(texts))
    assert centrality[3] > centrality[1]  # the body sentence restates the whole story
    scores = score_sentences("brief", _sentences(texts))
    assert scores[1] > scores[3]  # but the third sentence of the lede comes first


def test_fast_reduction_scores_what_sumys_reduction_scores() -> None:
    sentences = _sentences(_real_sentences(200)[:120], _real_sentences(200)[120:])
    fast = score_sentences("reduction", sentences)
    slow = score_sentences("sumy-reduction", sentences)
    np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-12)


def test_the_lede_is_the_first_paragraph_when_the_text_has_paragraphs() -> None:
    texts = [
        "Storms closed the port of Odesa on Monday.",
        "Grain ships waited offshore.",
        "Officials expect the port to reopen on Wednesday.",
    ]
    one_paragraph = _sentences(texts)
    two_paragraphs = [replace(s, paragraph=min(s.index, 1)) for s in one_paragraph]
    flat = score_sentences("brief", one_paragraph)
    with_breaks = score_sentences("brief", two_paragraphs)
    assert with_breaks[0] == pytest.approx(flat[0])
    assert with_breaks[1] == pytest.approx(flat[1] / LEDE_WEIGHT)  # for the lede only


def test_reduction_and_sumy_reduction_differ_only_on_a_repeated_sentence() -> None:
    """sumy keys its ratings by a sentence's text, so copies of one sentence share a rating.

    Each copy then scores what all copies score together in briefer, which scores every copy
    on its own. This is the whole difference between `reduction` and `sumy-reduction`.
    """
    texts = [
        "Storms closed the port of Odesa on Monday.",
        "Grain ships waited offshore as the storms closed the port.",
        "Officials expect the port to reopen on Wednesday.",
        "Grain ships waited offshore as the storms closed the port.",  # a pull quote
        "Traders said grain prices rose while the ships waited.",
    ]
    fast = score_sentences("reduction", _sentences(texts))
    slow = score_sentences("sumy-reduction", _sentences(texts))
    assert slow[1] == slow[3] == pytest.approx(fast[1] + fast[3])
    for index in (0, 2, 4):
        assert slow[index] == pytest.approx(fast[index])
    assert fast[1] == pytest.approx(fast[3]) and slow[1] == pytest.approx(2 * fast[1])


def test_on_cnndm_dev_reduction_equals_sumy_reduction_where_no_sentence_repeats() -> None:
    from briefer.compose.evaluate import read_dataset

    repeating = 0
    for example in read_dataset(eval_dev_file("cnndm-dev.jsonl")):
        texts = [s.text for s in example.sentences]
        if len(set(texts)) < len(texts):
            repeating += 1
            continue
        fast = score_sentences("reduction", example.sentences)
        slow = score_sentences("sumy-reduction", example.sentences)
        np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-9, err_msg=example.id)
    assert repeating == 3  # README: 3 of the 100 articles repeat a sentence


def test_the_topic_bonus_reads_terms_as_sections_do_harry_kane_is_not_us_relations() -> None:
    us_relations = next(t for t in load_config().topics if t.id == "us-relations")
    kane = _sentences(["Harry Kane scored twice for Tottenham on Saturday."])
    harris = _sentences(["Vice President Harris scored a win in Detroit on Saturday."])
    pronoun = _sentences(["It left us with few options on Saturday."])
    for plain, with_topic in (
        (score_sentences("brief", s), score_sentences("brief", s, us_relations.terms))
        for s in (kane, pronoun)
    ):
        assert with_topic == plain  # no bonus: a stem match would give "harri" and "us"
    assert score_sentences("brief", harris, us_relations.terms) > score_sentences("brief", harris)
