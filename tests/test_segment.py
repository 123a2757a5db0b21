"""Sentence and word splitting with no NLTK data."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, eval_dev_file

from briefer.text.sentences import Tokenizer, sentence_spans, split_sentences, split_words
from briefer.text.tokens import count_matrix, tokenize


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Wang Yi briefed Lavrov on talks with Jake Sullivan, the U.S. National Security "
        "Advisor, over the weekend. Gen. Smith met Sen. Jones in Washington, D.C. on Jan. 5. "
        "Mr. Putin did not attend."
    )
    assert split_sentences(text) == [
        "Wang Yi briefed Lavrov on talks with Jake Sullivan, the U.S. National Security "
        "Advisor, over the weekend.",
        "Gen. Smith met Sen. Jones in Washington, D.C. on Jan. 5.",
        "Mr. Putin did not attend.",
    ]


def test_a_company_form_does_not_end_a_sentence() -> None:
    """ "S.A.", "S.p.A.", "N.V." sit inside a company's name far more often than at its end."""
    text = "The Treasury designated Petroleos de Venezuela, S.A. (PDVSA) on Monday. It acted."
    assert split_sentences(text) == [
        "The Treasury designated Petroleos de Venezuela, S.A. (PDVSA) on Monday.",
        "It acted.",
    ]


def test_spans_point_at_the_sentences() -> None:
    text = "First one here. Second one there!  Third?"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "First one here.",
        "Second one there!",
        "Third?",
    ]


def test_words_keep_abbreviations_and_contractions() -> None:
    assert split_words("The U.S.-led talks, Russia’s role: 3.5% up.") == [
        "The",
        "U.S.-led",
        "talks",
        "Russia’s",
        "role",
        "3.5",
        "up",
    ]


def test_sumy_accepts_the_tokenizer() -> None:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    text = "Kyiv was shelled. Talks resumed in Geneva. The U.S. envoy will visit Kyiv."
    document = PlaintextParser.from_string(text, Tokenizer()).document
    assert len(document.sentences) == 3
    assert len(LexRankSummarizer()(document, 1)) == 1


def test_boundary_f1_on_the_wikinews_gold_set() -> None:
    """The splitter reaches the F1 the issue asks for (0.96) on the Wikinews gold set."""
    gold = eval_dev_file("segmentation-gum-news.json")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from segmentation import boundary_scores
    finally:
        sys.path.pop(0)
    items = json.loads(Path(gold).read_text(encoding="utf-8"))["items"]
    precision, recall, f1 = boundary_scores(items, sentence_spans)
    print(f"segmentation: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    assert f1 >= 0.96


@pytest.mark.parametrize("name", ["punkt", "punkt_tab"])
def test_no_nltk_data_is_installed_or_needed(name: str) -> None:
    import nltk

    with pytest.raises(LookupError):
        nltk.data.find(f"tokenizers/{name}")


def test_count_matrix_counts_each_term_of_each_sentence_in_first_seen_columns() -> None:
    terms = [("war", "talk", "war"), (), ("talk", "visit"), ("nato",)]
    vocabulary = {"visit": 0}
    matrix = count_matrix(terms, vocabulary)
    assert list(vocabulary) == ["visit", "war", "talk", "nato"]  # extended in order seen
    expected = [{vocabulary[t]: float(c) for t, c in Counter(row).items()} for row in terms]
    found = [dict(zip(r.indices.tolist(), r.data.tolist(), strict=True)) for r in matrix]
    assert found == expected
    assert matrix.shape == (4, 4) and matrix.has_canonical_format


def test_a_repeated_sentence_or_word_is_one_record_and_one_string() -> None:
    text = "Ministers will meet in Brussels on Friday, the ministers said."
    copy = text[:-1] + text[-1]  # an equal string, not the same object
    assert copy is not text and tokenize(copy) is tokenize(text)
    first, other = tokenize(text), tokenize("The ministers left Brussels.")
    assert first.words[8] == "ministers" and other.words[1] is first.words[8]
    spans = sentence_spans(f"{text} {text}")
    assert spans == [(0, len(text)), (len(text) + 1, 2 * len(text) + 1)]
    spans.clear()  # the caller's list: the next caller still gets every span
    assert len(sentence_spans(f"{text} {text}")) == 2


def test_stop_words_are_sumys_read_without_importing_sumy_utils() -> None:
    from sumy.utils import get_stop_words

    from briefer.text.words import stop_words

    assert stop_words() == frozenset(get_stop_words("english"))
    code = (
        "import sys; from briefer.pipeline import build_brief; from briefer.text.words import "
        "stop_words; stop_words(); "
        "print(sorted(m for m in ('sumy.utils', 'requests', 'scipy.stats') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", "a build imports no statistics and no HTTP library"
