"""Which sentences belong to which topic."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from conftest import eval_dev_file, topics_eval

from briefer.config import TopicConfig, load_config
from briefer.errors import ConfigError
from briefer.model import Article, Sentence
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


def _article(article_id: str, title: str, *paragraphs: str) -> list[Sentence]:
    return segment_article(
        Article(id=article_id, title=title, date=None, path=f"{article_id}.txt",
                paragraphs=paragraphs)
    )  # fmt: skip


def _candidates(*articles: list[Sentence]) -> dict[str, list[str]]:
    sentences = [s for article in articles for s in article]
    titles = {"war": "Kyiv under fire", "tennis": "Bondarenko wins", "next": "Markets"}
    found = topic_candidates(sentences, load_config().topics, (), titles)
    return {topic: [s.text for s in chosen] for topic, chosen in found.items()}


def test_context_counts_inside_the_article_not_across() -> None:
    war = _article(
        "war",
        "Kyiv under fire",
        "Kyiv was shelled overnight, Ukraine's military said. Russian troops pressed on.",
        "Any attempt to arrest President Putin would be a declaration of war, Moscow said.",
    )
    other = _article(
        "next", "Markets", "The war of words between the two banks went on. Shares rose."
    )
    ukraine = _candidates(war, other)["ukraine"]
    assert "Any attempt to arrest President Putin would be a declaration of war, Moscow said." in (
        ukraine
    )  # no Ukrainian place named: the article carries it
    assert not any("banks" in text for text in ukraine)  # another article: no context


def test_a_side_mention_in_a_sports_story_is_not_the_topic() -> None:
    tennis = _article(
        "tennis",
        "Bondarenko wins",
        "Ukrainian Kateryna Bondarenko won the match in straight sets.",
        "In a see-saw second set, Bondarenko raced into a 5-2 lead.",
        "The American seed will play again on Tuesday.",
    )
    found = _candidates(tennis)
    assert found["ukraine"] == [] and found["us-relations"] == []


def test_us_relations_need_another_country() -> None:
    readout = _article(
        "state",
        "",
        "Secretary Blinken spoke today with Greek Prime Minister Mitsotakis about security.",
        "The Secretary thanked Greece for its support to the sanctions on Russia.",
        "The United States will host the next meeting of foreign ministers.",
        "U.S. officials said the talks went well.",
    )
    assert _candidates(readout)["us-relations"] == [
        "Secretary Blinken spoke today with Greek Prime Minister Mitsotakis about security.",
        "The Secretary thanked Greece for its support to the sanctions on Russia.",
    ]


def _us_relations(title: str, *paragraphs: str) -> list[str]:
    sentences = _article("release", title, *paragraphs)
    found = topic_candidates(sentences, load_config().topics, (), {"release": title})
    return [s.text for s in found["us-relations"]]


def test_us_relations_are_with_the_counterpart_of_a_readout() -> None:
    found = _us_relations(
        "Secretary Blinken's Call with Polish Foreign Minister Rau",
        "Secretary Blinken spoke today with Polish Foreign Minister Zbigniew Rau.",
        "Secretary Blinken and Foreign Minister Rau discussed U.S. support for Ukraine against "
        "Russia's war.",
        "The Secretary thanked Poland for its close partnership with the United States.",
        "They also discussed President Biden's upcoming visit to Poland.",
        "Poland's government raised its growth forecast.",
    )
    assert found == [  # the opening line says who; the war they discussed is the war's story
        "The Secretary thanked Poland for its close partnership with the United States.",
        "They also discussed President Biden's upcoming visit to Poland.",
    ]


def test_a_trips_destinations_and_the_wars_names_are_not_counterparts() -> None:
    found = _us_relations(
        "Secretary Blinken's Travel to Belgium and Poland",
        "Secretary Blinken will travel to Belgium and Poland from March 3 to 8.",
        "The Secretary will then travel to Poland on March 5, where he will meet with Polish "
        "leaders to discuss U.S. security assistance.",
        "He will discuss the U.S. response to Russia's unprovoked war against Ukraine.",
        "For more information about U.S. support for Poland, please visit www.state.gov.",
    )
    assert found == [
        "The Secretary will then travel to Poland on March 5, where he will meet with Polish "
        "leaders to discuss U.S. security assistance."
    ]


@pytest.mark.parametrize(
    ("sentence", "opening"),
    [
        ("Secretary of State Antony J. Blinken spoke today with Greek Prime Minister Mitsotakis.",
         True),
        ("Secretary Blinken met with Japanese National Security Advisor Akiba Takeo in "
         "Washington, D.C. on May 3.", True),
        ("Secretary Blinken spoke today with PRC Foreign Minister Wang Yi about the war.", False),
        ("Deputy Secretary Sherman met today with Mircea Geoana to discuss Alliance security.",
         False),
    ],
)  # fmt: skip
def test_a_readouts_opening_line_only_says_who_met_whom(sentence: str, opening: bool) -> None:
    from briefer.topics.salience import who_met_whom

    assert who_met_whom(sentence) is opening


def test_a_context_term_placed_elsewhere_does_not_carry_the_topic() -> None:
    ukraine = matcher("ukraine")
    assert ukraine.carries_topic("The war has displaced millions.")
    assert not ukraine.carries_topic("They discussed the crisis in Burma.")
    assert not ukraine.carries_topic("Both pledged to tackle the climate crisis.")


def test_topics_take_about_exclude_terms_and_entities(tmp_path: Path) -> None:
    config_file = tmp_path / "briefer.toml"
    config_file.write_text(
        '[[topics]]\nid = "t"\ntitle = "T"\nterms = ["Mars"]\nabout = ["rover"]\n'
        'exclude_terms = ["chocolate"]\nentities = ["country", "counterpart"]\n',
        encoding="utf-8",
    )
    (topic,) = load_config(config_file).topics
    assert (topic.about, topic.exclude_terms, topic.entities) == (
        ("rover",),
        ("chocolate",),
        ("country", "counterpart"),
    )
    config_file.write_text(
        '[[topics]]\nid = "t"\ntitle = "T"\nterms = ["Mars"]\nentities = ["planet"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"unknown entity kind 'planet'"):
        load_config(config_file)


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


# --- The mixed day: diplomacy among ordinary news (benchmarks/topics_eval.py) ------------------


@pytest.fixture(scope="module")
def mixed_day() -> object:
    eval_dev_file("bbc-news-summary.jsonl")
    eval_dev_file("cnndm-dev.jsonl")
    evaluation = topics_eval()
    with evaluation.mixed_day() as day:
        return evaluation.evaluate(day)


def test_no_sport_entertainment_or_tech_story_enters_the_sections(mixed_day: object) -> None:
    for section in mixed_day.brief.sections:  # type: ignore[attr-defined]
        assert mixed_day.off_topic_items(section.id) == 0, section.id  # type: ignore[attr-defined]
        assert mixed_day.off_topic_candidates(section.id) <= 1, section.id  # type: ignore[attr-defined]
    assert mixed_day.outlook_rows_from(("sport", "entertainment", "tech", "business")) == 0  # type: ignore[attr-defined]


#: Floors per topic and half (precision, recall); measured (dev / held-out): Ukraine
#: 1.00/0.97 and 1.00/1.00; upcoming visits 0.95/0.95 and 0.96/1.00; US relations 0.84/0.75
#: and 0.57/0.81. The relation rules (briefer/topics/relations.py) were written on the dev
#: halves of these labels and of tests/data/us-relations-set.jsonl; this held-out half had
#: been read too often to count (it was 0.61/0.73 before them). With the passage rules of
#: 2026-12-03 US relations read 0.80/0.86 and 0.56/0.85; the held-out figure that counts is
#: the fresh set's (tests/test_relations_passages.py).
FLOORS = {
    "ukraine": {"dev": (0.9, 0.9), "held-out": (0.9, 0.9)},
    "upcoming-visits": {"dev": (0.9, 0.9), "held-out": (0.9, 0.9)},
    "us-relations": {"dev": (0.75, 0.8), "held-out": (0.52, 0.8)},  # 0.80/0.86, 0.56/0.85
}


@pytest.mark.parametrize("half", ["dev", "held-out"])
@pytest.mark.parametrize("topic_id", sorted(FLOORS))
def test_topics_against_the_state_department_labels(
    mixed_day: object, topic_id: str, half: str
) -> None:
    counts = mixed_day.scores[(topic_id, half)]  # type: ignore[attr-defined]
    precision, recall = FLOORS[topic_id][half]
    assert counts.precision >= precision, counts.extras
    assert counts.recall >= recall, counts.misses


def test_bottom_line_items_carry_their_topics(seeds: Path, tmp_path: Path) -> None:
    import json

    import briefer

    brief = briefer.build_brief([seeds], date=dt.date(2023, 11, 15))
    candidates = {s.id for s in brief.sections}
    assert all(item.topics and set(item.topics) <= candidates for item in brief.bluf)
    paths = briefer.write_brief(brief, tmp_path, formats=["json"])
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert [item["topics"] for item in data["bluf"]] == [list(i.topics) for i in brief.bluf]
    assert all("topics" not in item for s in data["sections"] for item in s["items"])


def test_us_in_a_line_of_capitals_is_the_pronoun() -> None:
    us = matcher("us-relations")
    assert not us.names_topic("SHOW US YOUR MEDALS: Played 133 Tests.")
    assert us.names_topic("US AND CHINA AGREE ON TRADE")
    assert us.names_topic("The US and its allies voiced concern.")


# --- The hand-labelled US-relations set (tests/data/us-relations-set.md) -----------------------


def test_the_relations_set_is_well_formed() -> None:
    evaluation = topics_eval()
    stories = sys.modules["mixed_day"].load_relations_labels()
    assert len(stories) == len({s.id for s in stories}) == 60
    assert {s.half for s in stories} == {"dev", "held-out"}
    for story in stories:
        assert story.relations <= set(range(len(story.sentences))), story.id
        assert all(len(h) == 8 and int(h, 16) >= 0 for h in story.sentences)
    assert evaluation.Counts(tp=1, fp=1).precision == 0.5


@pytest.fixture(scope="module")
def relations_set_result() -> object:
    eval_dev_file("bbc-news-summary.jsonl")
    eval_dev_file("cnndm-dev.jsonl")
    evaluation = topics_eval()
    with sys.modules["mixed_day"].relations_set() as rset:
        return evaluation.evaluate_relations_set(rset)


#: Floors on the hand-labelled set, both parts (precision, recall); measured 2026-12-03: dev
#: 0.92 / 0.78 (0.99 / 0.98 with the story-context rules of topics11), held-out 0.92 / 0.64 (read
#: four times, unchanged by them; before the rules 0.93 / 0.49 and 0.94 / 0.24). Its held-out
#: errors were then printed and the half is spent (tests/data/us-relations-set.md): with the
#: passage rules written on it and on the fresh set's dev half, dev 0.94 / 0.98, the spent half
#: 0.87 / 0.82. The held-out figure that counts is the fresh set's (test_relations_passages.py).
SET_FLOORS = {"dev": (0.9, 0.94), "held-out": (0.84, 0.78)}


@pytest.mark.parametrize("half", ["dev", "held-out"])
def test_us_relations_against_the_hand_labelled_set(
    relations_set_result: object, half: str
) -> None:
    counts = relations_set_result.scores[("all", half)]  # type: ignore[attr-defined]
    precision, recall = SET_FLOORS[half]
    assert counts.precision >= precision, (counts.tp, counts.fp, counts.fn)
    assert counts.recall >= recall, (counts.tp, counts.fp, counts.fn)


def test_the_relations_labels_still_name_the_texts_sentences(relations_set_result: object) -> None:
    assert relations_set_result.stale == []  # type: ignore[attr-defined]
    scores = relations_set_result.scores  # type: ignore[attr-defined]
    assert {half: scores[("all", half)].tp + scores[("all", half)].fn for half in
            ("dev", "held-out")} == {"dev": 84, "held-out": 72}  # fmt: skip


# --- Relations: two parties and something between them (briefer/topics/relations.py) ---------


def test_a_relation_needs_a_relational_word_and_not_another_america() -> None:
    found = _us_relations(
        "Markets and visits",
        "The US central bank chief gave a lecture at a Scottish university on Monday.",
        "A South American oil company could include firms of Venezuela and Brazil.",
        "The US and Mexico signed a water agreement, the foreign minister said.",
    )
    assert found == ["The US and Mexico signed a water agreement, the foreign minister said."]


def test_a_story_of_relations_carries_the_us_party_unnamed() -> None:
    found = _us_relations(
        "Secretary Rubio's Meeting with Chilean President Boric",
        "Secretary Rubio met today with Chilean President Gabriel Boric.",
        "They discussed expanding trade and security cooperation between the two countries.",
        "Chile's partnership with Peru and Argentina has deepened.",
        "We welcome Chile's leadership on regional security.",
        "He noted the President's remarks on the election.",
        "The weather in Santiago was mild.",
    )
    assert found == [
        "They discussed expanding trade and security cooperation between the two countries.",
        "We welcome Chile's leadership on regional security.",
        "He noted the President's remarks on the election.",
    ]  # the opening line says who; Peru and Argentina are third states; no relation in weather


def test_inside_a_story_of_relations_the_pair_needs_no_relational_word() -> None:
    found = _us_relations(
        "Secretary Rubio's Meeting with Chilean President Boric",
        "Secretary Rubio met today with Chilean President Gabriel Boric to reaffirm our alliance.",
        "It also states that Chile's importance to the United States will hinge on its economy.",
        "We are confident this work can deliver tangible results for Chileans.",
        "Foreign Minister Alberto van Klaveren and US President Trump ate lunch.",
        "The agreement contains a jointly funded plan for up to $685 million.",
        "Chile's economy grew by 2% last year.",
        "Chile's exports to Peru and Argentina grew.",
    )
    assert found[1:] == [
        "It also states that Chile's importance to the United States will hinge on its economy.",
        "We are confident this work can deliver tangible results for Chileans.",
        "Foreign Minister Alberto van Klaveren and US President Trump ate lunch.",
        "The agreement contains a jointly funded plan for up to $685 million.",
    ]  # no party speaks in the economy's line; Peru and Argentina are third states


def test_the_pair_as_subject_relates_them_whatever_third_state_they_discuss() -> None:
    found = _us_relations(
        "Secretary Rubio's Meeting with Philippine President Marcos",
        "Secretary Rubio met in Manila with President Marcos of the Philippines to reaffirm our "
        "ironclad Alliance.",
        "They underscored that there is no legal basis for China's expansive maritime claims.",
        "Secretary Rubio and President Marcos discussed Vietnam's new port.",
        "They condemned Russia's war against Ukraine.",
        "China's navy has underscored its claims with new patrols.",
    )
    assert found[1:] == [
        "They underscored that there is no legal basis for China's expansive maritime claims.",
        "Secretary Rubio and President Marcos discussed Vietnam's new port.",
    ]  # a war the pair discusses is the war's story; China's patrols are no act of the pair


def test_a_designation_is_relations_the_designated_entitys_description_is_not() -> None:
    found = _us_relations(
        "Further Sanctions on the Cuban Regime",
        "Today, the U.S. Department of State is designating ten entities of the Cuban regime.",
        "ACME TRADING (ACME) is designated pursuant to E.O. 14404 for being an agency of the "
        "Government of Cuba.",
        "ACME is a paramilitary force under the already designated MINISTRY OF THE INTERIOR OF "
        "CUBA.",
        "Additionally, JUAN PEREZ has worked to advance the Cuban regime's military cooperation.",
        "The storms have underscored the urgency of institutions serving the Cuban people.",
    )
    assert found == [
        "Today, the U.S. Department of State is designating ten entities of the Cuban regime.",
        "ACME TRADING (ACME) is designated pursuant to E.O. 14404 for being an agency of the "
        "Government of Cuba.",
    ]  # what an entity is or did is the list's detail; storms speak for no party


def test_a_story_led_by_others_is_not_the_us_acting() -> None:
    found = _us_relations(
        "Wang Yi in Moscow",
        "The foreign ministers of China and Russia criticised the United States' sanctions "
        "policy in talks on Monday.",
        "They also discussed a new gas pipeline agreement.",
        "Both sides pledged deeper cooperation.",
    )
    assert found == [
        "The foreign ministers of China and Russia criticised the United States' sanctions "
        "policy in talks on Monday."
    ]


def test_a_foreign_office_holder_is_the_other_party() -> None:
    found = _us_relations(
        "Leaders meet",
        "President Biden welcomed Prime Minister Jane Doe to the White House for talks.",
        "Prime Minister Jane Doe and US officials discussed trade on Tuesday.",
    )
    assert found == [
        "President Biden welcomed Prime Minister Jane Doe to the White House for talks.",
        "Prime Minister Jane Doe and US officials discussed trade on Tuesday.",
    ]


def test_a_trip_line_that_only_lists_whom_he_will_meet_is_not_yet_relations() -> None:
    from briefer.topics.salience import who_met_whom

    assert who_met_whom(
        "The Secretary will then travel to Riga to meet with President Anna Berzina, Prime "
        "Minister Karlis Ozols, and Foreign Minister Ilze Liepa."
    )
    assert not who_met_whom(
        "The Secretary will meet with Latvian leaders to discuss security assistance."
    )
