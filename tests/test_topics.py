"""Which sentences belong to which topic."""

from __future__ import annotations

import pytest

from briefer.config import TopicConfig, load_config
from briefer.model import Article
from briefer.text.sentences import segment_article
from briefer.topics import TopicMatcher, topic_candidates


def matcher(topic_id: str) -> TopicMatcher:
    topic = next(t for t in load_config().topics if t.id == topic_id)
    return TopicMatcher(topic)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Wang Yi briefed Lavrov on talks with the U.S. National Security Advisor.", True),
        ("The US and its allies voiced concern.", True),
        ("It left us with few options.", False),
        ("Talks at the White House ended late.", True),
        ("American officials declined to comment.", True),
        ("Russia and China signed a deal.", False),
    ],
)
def test_us_relations(sentence: str, expected: bool) -> None:
    assert matcher("us-relations").matches(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A close associate of Vladimir Putin had hinted at a planned visit by the Russian "
         "President to China in October.", True),
        ("President Xi Jinping had made a similar political pilgrimage to Moscow in March.", False),
        ("Wang Yi is currently on a four-day visit to Moscow.", False),
        ("Wang Yi will engage in talks with Nikolai Patrushev.", True),
        ("Preparations for the upcoming third Belt and Road Forum in Beijing next month.", True),
        ("The repercussions will undoubtedly shape the future of geopolitics.", False),
    ],
)  # fmt: skip
def test_upcoming_visits_need_a_planned_event(sentence: str, expected: bool) -> None:
    assert matcher("upcoming-visits").matches(sentence) is expected


def test_context_terms_count_only_after_a_sentence_naming_the_topic() -> None:
    ukraine = matcher("ukraine")
    futile = "Both diplomats acknowledged the futility of resolving the crisis without Russia."
    assert not ukraine.matches(futile)
    assert ukraine.matches(futile, after_topic_sentence=True)


def test_phrases_and_stems() -> None:
    topic = TopicConfig(id="t", title="T", terms=("State Department", "sanction"))
    m = TopicMatcher(topic)
    assert m.matches("The State Department said so.")
    assert m.matches("New sanctions were announced.")
    assert not m.matches("The state of the department was poor.")


def test_one_pass_gives_every_topic_its_sentences() -> None:
    article = Article(
        id="a",
        title="T",
        date=None,
        path="a.txt",
        paragraphs=(
            "Kyiv was shelled overnight. The crisis deepened. The US sent aid to Ukraine.",
            "The crisis was discussed in Washington.",
        ),
    )
    sentences = segment_article(article)
    found = topic_candidates(sentences, [matcher("ukraine").topic, matcher("us-relations").topic])
    texts = {topic: [s.text for s in chosen] for topic, chosen in found.items()}
    assert texts == {
        # "The crisis" follows a sentence naming Ukraine in its paragraph; the last does not.
        "ukraine": [
            "Kyiv was shelled overnight.",
            "The crisis deepened.",
            "The US sent aid to Ukraine.",
        ],
        "us-relations": ["The US sent aid to Ukraine.", "The crisis was discussed in Washington."],
    }


def test_a_sentence_that_points_back_is_told_from_one_that_stands_alone() -> None:
    from briefer.text.words import points_back

    assert points_back("Moreover, they underlined the need to address the crisis.")
    assert points_back("“This is a turning point,” he said.")
    assert points_back("They stated that both parties discussed Ukraine.")
    assert not points_back("The Russian Foreign Ministry signaled a move towards talks.")
    assert not points_back("Theresa May met the Taiwanese envoy.")  # "The..." is not "they"
    assert not points_back("Italy's president visited Kyiv.")  # "It..." is not "it"


def test_a_name_matches_as_written_not_by_stem() -> None:
    """Snowball stems "Harry" and "Harris" alike; Harry Kane is not US relations."""
    us_relations = TopicMatcher(TopicConfig(id="us", title="US", terms=("Harris", "Zelensky")))
    assert not us_relations.matches("Harry Kane scored twice for Tottenham.")
    assert us_relations.matches("Vice President Harris spoke in Detroit.")
    assert us_relations.matches("HARRIS WINS NOMINATION")
    assert us_relations.matches("Zelensky's office said the talks went well.")
    assert us_relations.matches("The Harrises arrived on Monday.")
