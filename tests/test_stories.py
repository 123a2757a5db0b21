"""Stories: articles about one event grouped, sentences that stand on their own."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from briefer.ingest.files import read_article
from briefer.model import Article
from briefer.text import pairs as pairs_module
from briefer.text.sentences import segment_article
from briefer.text.standalone import repair
from briefer.topics import stories as stories_module
from briefer.topics.stories import StoryOptions, group_stories

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


def _benchmark(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _releases() -> list[Article]:
    articles = []
    for line in (DATA / "upcoming-dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles.append(
            Article(
                id=row["id"],
                title=row["title"],
                date=dt.date.fromisoformat(row["date"]),
                path=row["id"],
                paragraphs=tuple(row["text"].split("\n\n")),
            )
        )
    return articles


def test_two_trips_of_one_secretary_are_two_stories() -> None:
    stories = group_stories(_releases())
    assert stories["upc-dev-21"] != stories["upc-dev-26"]  # June: Germany; August: Asia
    assert stories["upc-dev-08"] != stories["upc-dev-12"]  # Kritenbrink: Tokyo; Cambodia, Laos


def test_one_event_told_twice_is_one_story() -> None:
    releases = _releases()
    lavrov = next(a for a in releases if a.id == "upc-dev-03")
    retold = Article(
        id="retold",
        title="",
        date=lavrov.date,
        path="retold",
        paragraphs=tuple(
            p.replace("spoke today", "talked on Tuesday").replace("Secretary Blinken", "Blinken")
            for p in lavrov.paragraphs[1:]
        ),
    )
    stories = group_stories([*releases, retold])
    assert stories["retold"] == stories["upc-dev-03"]
    assert {a for a, story in stories.items() if story == stories["retold"]} == {
        "retold",
        "upc-dev-03",
    }


# Floors (precision, recall) per half; "b" is held out. The tellings set was built on 3
# December before any rule was tuned on it. Measured: first set P 1.000 / 0.924, R 0.725 /
# 0.616; fresh P 1.000 / 0.883, R 0.516 / 0.417; tellings P 1.000 / 0.998, R 0.502 / 0.512.
STORY_SETS = {
    "first": ("UNITS", {"a": (0.98, 0.70), "b": (0.90, 0.60)}, 90),
    "fresh": ("FRESH", {"a": (0.98, 0.50), "b": (0.86, 0.40)}, 120),
    "tellings": ("TELLINGS", {"a": (0.98, 0.48), "b": (0.95, 0.48)}, 600),
}


@pytest.mark.skipif(not (EVAL_DEV / "cnndm-dev.jsonl").exists(), reason="eval-dev set absent")
@pytest.mark.parametrize("story_set", STORY_SETS)
def test_story_pairs_precision_and_recall_on_both_halves(story_set: str) -> None:
    evaluation = _benchmark("stories_eval")
    path, floors, least_same = STORY_SETS[story_set]
    found = evaluation.units(EVAL_DEV, getattr(evaluation, path))
    for half, (least_precision, least_recall) in floors.items():
        precision, recall, same, _ = evaluation.pairwise(found, half, evaluation.StoryOptions())
        assert same > least_same
        assert precision >= least_precision and recall >= least_recall


# The hard listed pairs (built on 3 December before any rule ran on them): half "a" P 0.986
# R 0.723 (101 same, 222 hard different), held-out half "b" P 1.000 R 0.656 (93, 257).
HARD_FLOORS = {"a": (0.97, 0.70), "b": (0.95, 0.62)}


@pytest.mark.skipif(not (EVAL_DEV / "cnndm-dev.jsonl").exists(), reason="eval-dev set absent")
@pytest.mark.parametrize("half", HARD_FLOORS)
def test_hard_story_pairs_precision_and_recall(half: str) -> None:
    evaluation = _benchmark("stories_eval")
    found = evaluation.pair_scores(
        evaluation.whole_articles(EVAL_DEV), evaluation.hard_pairs(), half, StoryOptions()
    )
    least_precision, least_recall = HARD_FLOORS[half]
    assert found["same"] > 90 and found["different"] > 200
    assert found["precision"] >= least_precision and found["recall"] >= least_recall


def _pool_releases() -> list[Article]:
    """The releases of tests/data/multidoc-dev.jsonl (public domain), ``mds-dev-NN:K``."""
    articles = []
    for line in (DATA / "multidoc-dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for number, (source, text) in enumerate(zip(row["sources"], row["documents"], strict=True)):
            articles.append(
                Article(
                    id=f"{row['id']}:{number}",
                    title=source["title"],
                    date=dt.date.fromisoformat(source["date"]),
                    path=source["url"],
                    paragraphs=tuple(text.split("\n\n")),
                )
            )
    return articles


def test_two_rounds_of_sanctions_in_one_template_are_two_stories(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Designating ten entities" (13 July) and "designating five entities and eight
    individuals" (6 August): the same words, counts of their own, two events."""
    releases = _pool_releases()
    first, third = "mds-dev-03:0", "mds-dev-03:2"
    assert stories_module._counts("designating ten entities") == {"10"}
    assert stories_module._counts("five entities and eight individuals") == {"5", "8"}
    assert not stories_module._counts("one of a kind")
    stories = group_stories(releases)
    assert stories[first] != stories[third]
    monkeypatch.setattr(stories_module, "_counts", lambda text: frozenset())
    counted_in_digits_only = group_stories(releases)
    assert counted_in_digits_only[first] == counted_in_digits_only[third]  # the words link them


@pytest.mark.skipif(not (EVAL_DEV / "cnndm-dev.jsonl").exists(), reason="eval-dev set absent")
def test_places_alone_link_no_two_releases() -> None:
    """A Russia Day message and a condemnation of the Odesa strike share "the United
    States", "Russia" and "Ukraine" and no one: two stories, however low the word bar."""
    evaluation = _benchmark("stories_eval")
    day = [a for a, _, half in evaluation.units(EVAL_DEV, evaluation.TELLINGS) if half == "a"]
    message, strike = "state:upc-dev-19", "state:upc-dev-25"
    low = StoryOptions(named_words=0.1)
    stories = group_stories(day, low)
    assert stories[message] != stories[strike]
    places_count = group_stories(day, replace(low, people=False))
    assert places_count[message] == places_count[strike]


def test_the_line_that_introduces_a_release_is_not_read_for_names() -> None:
    calls = [a for a in _releases() if a.id in ("upc-dev-07", "upc-dev-18")]
    assert all("Ned Price" in a.paragraphs[0] for a in calls)
    sentences = {a.id: segment_article(a) for a in calls}
    names = {key: stories_module._names(found)[0] for key, found in sentences.items()}
    assert not any({"Ned", "Price"} & found for found in names.values())
    assert {"Wang", "Yi"} <= names["upc-dev-07"] and {"Dmytro", "Kuleba"} <= names["upc-dev-18"]


@pytest.mark.skipif(not (EVAL_DEV / "cnndm-dev.jsonl").exists(), reason="eval-dev set absent")
def test_a_call_and_a_trip_months_apart_are_two_stories() -> None:
    """The leads share Blinken; one names July, the other no month: not one time."""
    evaluation = _benchmark("stories_eval")
    day = [a for a, _, half in evaluation.units(EVAL_DEV, evaluation.FRESH) if half == "a"]
    call, trip = "state:upc-dev-07:lead", "state:upc-dev-23:lead"
    stories = group_stories(day)
    assert stories[call] != stories[trip]
    any_time = group_stories(day, StoryOptions(days=10_000))
    assert any_time[call] == any_time[trip]  # the words alone link them


def test_the_seeds_pages_dated_months_apart_are_one_story() -> None:
    seeds = [read_article(path) for path in sorted((ROOT / "seeds").glob("*.txt"))]
    assert len({a.date for a in seeds}) == 2
    assert len(set(group_stories(seeds).values())) == 1


def test_releases_days_apart_whose_leads_name_other_people_are_two_stories() -> None:
    releases = {a.id: a for a in _releases()}
    call = releases["upc-dev-18"]  # 24 May: Blinken's call with Kuleba
    retold = replace(
        call,
        id="retold",
        date=call.date + dt.timedelta(days=3),
        paragraphs=tuple(p.replace("Dmytro Kuleba", "Zbigniew Rau") for p in call.paragraphs),
    )
    assert len(set(group_stories([call, retold]).values())) == 2
    same_day = replace(retold, date=call.date)
    assert len(set(group_stories([call, same_day]).values())) == 1


def test_names_in_common_link_no_leads_that_each_name_a_stranger() -> None:
    def report(key: str, lead: str) -> Article:
        rest = (
            "England face Ireland in the Six Nations at Lansdowne Road on Saturday.",
            "Coach Andy Robinson named his England squad for the Six Nations on Monday.",
        )
        return Article(id=key, title="", date=None, path=key, paragraphs=(lead, *rest))

    vickery = report("v", "England prop Phil Vickery is out of the Six Nations with a broken arm.")
    wilkinson = report("w", "England captain Jonny Wilkinson will miss the Six Nations opener.")
    options = StoryOptions(words=1.0)  # the names alone decide
    assert len(set(group_stories([vickery, wilkinson], options).values())) == 2
    loose = StoryOptions(words=1.0, lead_people=False)
    assert len(set(group_stories([vickery, wilkinson], loose).values())) == 1


def _tiles(pairs: set[tuple[int, int]], count: int, rows: int, columns: int) -> list:  # type: ignore[type-arg]
    """The links (first < second) as the tiles of the word product would hand them over."""
    tiles = []
    for first_row in range(0, count, rows):
        for first_column in range(first_row // columns * columns, count, columns):
            inside = sorted(
                (a, b)
                for a, b in pairs
                if first_row <= a < first_row + rows and first_column <= b < first_column + columns
            )
            height = min(rows, count - first_row)
            per_row = np.bincount([a - first_row for a, _ in inside], minlength=height)
            found = np.array([b for _, b in inside], dtype=np.int32)
            tiles.append((first_row, first_column, per_row, found))
    return tiles


def _clustered_links(seed: int, count: int) -> set[tuple[int, int]]:
    """Random links, dense inside a few clusters and sparse across them."""
    random = np.random.default_rng(seed)
    cluster = random.integers(0, 6, count)
    chance = np.where(cluster[:, None] == cluster[None, :], 0.6, 0.04)
    drawn = np.triu(random.random((count, count)) < chance, 1)
    return {(int(a), int(b)) for a, b in zip(*np.nonzero(drawn), strict=True)}


def test_the_links_of_every_tile_are_stored_both_ways() -> None:
    for seed, (rows, columns) in enumerate([(7, 16), (16, 16), (64, 64), (5, 3)]):
        pairs = _clustered_links(seed, 50)
        links = stories_module._adjacency(50, _tiles(pairs, 50, rows, columns))
        found = {
            (i, int(j))
            for i in range(50)
            for j in links.indices[links.indptr[i] : links.indptr[i + 1]]
        }
        assert found == pairs | {(b, a) for a, b in pairs}
        assert len(links.indices) == 2 * len(pairs) > 200


def _average_link_of_sets(linked: list[set[int]], share: float) -> list[list[int]]:
    """The grouping as it was written on Python sets (before the links became arrays)."""
    order = sorted(range(len(linked)), key=lambda i: (-len(linked[i]), i))
    groups: list[list[int]] = []
    member_of: dict[int, int] = {}
    for article in order:
        best, best_share = None, 0.0
        links_into = Counter(member_of[j] for j in linked[article] if j in member_of)
        for group in sorted(links_into):
            part = links_into[group] / len(groups[group])
            if part >= share and part > best_share:
                best, best_share = group, part
        if best is None:
            member_of[article] = len(groups)
            groups.append([article])
        else:
            member_of[article] = best
            groups[best].append(article)
    return groups


def test_average_link_on_arrays_groups_as_on_sets() -> None:
    joined = 0
    for seed in range(12):
        pairs = _clustered_links(100 + seed, 80)
        linked: list[set[int]] = [set() for _ in range(80)]
        for a, b in pairs:
            linked[a].add(b)
            linked[b].add(a)
        links = stories_module._adjacency(80, _tiles(pairs, 80, 32, 64))
        for share in (0.3, 0.5, 0.75):
            groups = stories_module._average_link(links, share)
            assert groups == _average_link_of_sets(linked, share)
            joined += sum(len(group) > 1 for group in groups)
    assert joined > 50


@pytest.mark.skipif(not (EVAL_DEV / "cnndm-dev.jsonl").exists(), reason="eval-dev set absent")
def test_the_stories_do_not_depend_on_the_tiles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiles of 5 rows and 8 columns (a story's links cross many) group as the default tiles
    do, on half "a" of the fresh set (parts of one story, dated stories days apart)."""
    evaluation = _benchmark("stories_eval")
    day = [a for a, _, half in evaluation.units(EVAL_DEV, evaluation.FRESH) if half == "a"]
    options = [StoryOptions(), StoryOptions(named_words=0.05, names=0.1, words=0.2, days=2)]
    default = [group_stories(day, choice) for choice in options]
    monkeypatch.setattr(stories_module, "_BLOCK", 5)
    monkeypatch.setattr(pairs_module, "TILE_COLUMNS", 8)
    assert [group_stories(day, choice) for choice in options] == default
    assert all(len(set(stories.values())) < len(day) * 0.8 for stories in default)


def test_a_pronoun_is_replaced_by_the_pair_the_sentence_before_names() -> None:
    before = [
        "During the talks, Wang also briefed Russian Foreign Minister Sergei Lavrov on the"
        " content of his negotiations with Sullivan."
    ]
    sentence = "They delved into the dynamics of international relations."
    assert repair(sentence, before) == (
        "[Wang and Sergei Lavrov] delved into the dynamics of international relations."
    )


def test_a_title_is_named_and_a_connective_dropped() -> None:
    before = [
        "Secretary of State Antony J. Blinken spoke today with Russian Foreign Minister Lavrov.",
        "The Secretary reiterated the U.S. commitment to a diplomatic solution.",
    ]
    assert repair("He stated that the door stays open.", before) == (
        "[Antony J. Blinken] stated that the door stays open."
    )
    assert repair("Then, Secretary Blinken will travel to Rwanda.", before) == (
        "Secretary Blinken will travel to Rwanda."
    )


def test_no_repair_when_the_antecedent_is_unclear() -> None:
    two = ["Talks between Prime Minister Rau and President Biden ended in Warsaw."]
    assert repair("He said the talks went well.", two) is None  # which of the two?
    subject = ["Prime Minister Rau met President Biden in Warsaw."]
    assert repair("He said the talks went well.", subject) == "[Rau] said the talks went well."
    assert repair("This rapport has solidified.", two) is None
    assert repair("However, when this statement was issued, it was met with doubt.", two) is None
    assert repair("He went on.", ["Mr Brown's Budget was all about the party, he said."]) is None


def test_the_hand_checked_repairs_are_what_repair_gives_today() -> None:
    rows = [json.loads(line) for line in (DATA / "stories" / "repairs_checked.jsonl").open()]
    assert len(rows) == 50
    checked = [row for row in rows if "repaired" in row]
    assert len(checked) >= 20
    texts = {}
    for line in (DATA / "upcoming-dev.jsonl").read_text(encoding="utf-8").splitlines():
        release = json.loads(line)
        texts[release["id"]] = release["text"]
    from briefer.ingest.files import read_article
    from briefer.text.sentences import split_sentences

    for row in checked:
        if row["set"] == "seeds":
            paragraphs = read_article(ROOT / row["id"]).paragraphs
        else:
            paragraphs = tuple(texts[row["id"]].split("\n\n"))
        sentences = [s for p in paragraphs for s in split_sentences(p)]
        assert sentences[row["sentence"]] == row["text"]
        assert repair(row["text"], sentences[: row["sentence"]]) == row["repaired"]


# --- Stories in the brief --------------------------------------------------------------


@pytest.fixture(scope="module")
def state_brief():  # type: ignore[no-untyped-def]
    from briefer.pipeline import build_brief

    return build_brief([DATA / "upcoming-dev.jsonl"], dt.date(2022, 8, 3))


def test_no_item_cites_a_release_about_another_trip(state_brief) -> None:  # type: ignore[no-untyped-def]
    items = [*state_brief.bluf, *(i for s in state_brief.sections for i in s.items)]
    for item in items:
        if "Kritenbrink will travel to Cambodia and Laos" in item.text:
            assert item.source_ids == ("upcoming-dev-12",)  # not the Tokyo trip (8)
        if "reaffirm our support for Ukraine" in item.text:
            assert item.source_ids == ("upcoming-dev-4",)  # not the May readout (18)


def test_the_bottom_line_is_one_headline_per_story_none_opening_alike(state_brief) -> None:  # type: ignore[no-untyped-def]
    from briefer.compose.stories import _opening

    stories = [story for section in state_brief.sections for story in section.stories]
    headlines = {story.headline.sentence.key: story.id for story in stories}
    bluf = state_brief.bluf
    assert 1 <= len(bluf) <= 3
    assert all(item.sentence.key in headlines for item in bluf)
    assert len({headlines[item.sentence.key] for item in bluf}) == len(bluf)
    assert len({_opening(item.text) for item in bluf}) == len(bluf)


def test_a_story_is_shown_once_and_its_items_are_the_sections(state_brief) -> None:  # type: ignore[no-untyped-def]
    seen: set[str] = set()
    for section in state_brief.sections:
        if not section.stories:
            continue
        flat = tuple(i for story in section.stories for i in (story.headline, *story.items))
        assert section.items == flat
        for story in section.stories:
            assert story.id not in seen and story.topic == section.id
            assert section.id not in story.also_in
            seen.add(story.id)
            cited = {sid for item in (story.headline, *story.items) for sid in item.source_ids}
            assert set(story.sources) == cited and story.outlets >= 1


def test_stories_are_ordered_by_importance(state_brief) -> None:  # type: ignore[no-untyped-def]
    for section in state_brief.sections:
        outlets = [story.outlets for story in section.stories]
        assert outlets == sorted(outlets, reverse=True)


def test_importance_weighs_outlets_then_recency_and_centrality() -> None:
    from dataclasses import replace

    from briefer.compose.stories import importance
    from briefer.model import Item, Sentence, Story
    from briefer.text.tokens import tokenize

    text = "Wang Yi met Sergei Lavrov in Moscow."
    sentence = Sentence(text, "a", 0, 0, 0, len(text), tokenize(text))
    item = Item(sentence=sentence, score=1.0, source_ids=("a",))
    day = dt.date(2023, 11, 15)
    one = Story("s", item, (), ("a",), 1, day, "ukraine")
    assert importance(replace(one, outlets=2), 0.1, day) > importance(one, 1.0, day)
    week_old = replace(one, first_reported=day - dt.timedelta(days=7))
    assert importance(one, 0.5, day) > importance(week_old, 0.5, day)
    assert importance(one, 0.9, day) > importance(one, 0.5, day)


def test_a_section_counts_stories_and_sentences_counts_the_facts_under_each() -> None:
    from briefer.config import load_config
    from briefer.pipeline import build_brief

    config = load_config(cwd=ROOT / "tests")
    day = dt.date(2022, 8, 3)
    for stories, facts in ((3, 3), (5, 1), (1, 0)):
        brief = build_brief(
            [DATA / "upcoming-dev.jsonl"], day, replace(config, stories=stories, sentences=facts)
        )
        counts = [len(s.stories) for s in brief.sections if s.stories]
        assert counts and max(counts) == stories  # the busiest section is full
        assert all(len(story.items) <= facts for s in brief.sections for story in s.stories)


def _all_stories(brief):  # type: ignore[no-untyped-def]
    return [story for section in brief.sections for story in section.stories]


def test_no_fact_repeats_its_headline(state_brief) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from briefer.compose.stories import _opening
    from briefer.pipeline import build_brief
    from briefer.text.words import cosine

    seeds = build_brief([ROOT / "seeds"], dt.date(2026, 11, 23))
    stories = _all_stories(state_brief) + _all_stories(seeds)
    assert any(story.items for story in stories)
    for story in stories:
        lines = [story.headline, *story.items]
        assert len({_opening(item.text) for item in lines}) == len(lines)
        for first, second in ((a, b) for i, a in enumerate(lines) for b in lines[i + 1 :]):
            words = (Counter(x.sentence.tokens.content) for x in (first, second))
            assert cosine(*words) < 0.5


def test_the_headline_is_the_lead_when_no_lead_was_chosen(state_brief) -> None:  # type: ignore[no-untyped-def]
    """The Nephew release: the topic chose his career; the lead says what happened."""
    nephew = [s for s in _all_stories(state_brief) if "upcoming-dev-24" in s.sources]
    assert len(nephew) == 1
    assert nephew[0].headline.text.startswith("Today we are announcing Richard Nephew")
    assert nephew[0].items  # the chosen fact follows it


def test_a_lead_does_not_push_out_the_only_fact_the_topic_chose(tmp_path: Path) -> None:
    """An energy topic chose "This alignment ... oil and gas" (pointing back): its antecedent
    heads the story, not the article's lead, or the section would say nothing of energy."""
    from briefer.config import load_config
    from briefer.pipeline import build_brief

    (tmp_path / "briefer.toml").write_text(
        '[[topics]]\nid = "energy"\ntitle = "Energy"\nterms = ["oil", "gas", "energy"]\n',
        encoding="utf-8",
    )
    brief = build_brief([ROOT / "seeds"], dt.date(2026, 11, 23), load_config(cwd=tmp_path))
    said = [item.text for story in _all_stories(brief) for item in (story.headline, *story.items)]
    assert any("oil and gas" in text for text in said)


# --- Stories in the PDF -------------------------------------------------------------------

#: Undoes the print rules that keep a heading and a headline with what follows them.
_NO_KEEPING = (
    "<style>@media print { h2, .story > p:first-child { break-after: auto !important; } }"
    "</style></head>"
)


def _boxes(box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _pushed_to_page_bottom(html: str, marker: str, pick) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """``html`` with the tallest spacer before ``marker`` that leaves the layout box ``pick``
    returns on its page when nothing keeps it with what follows (the box then ends at the
    foot of the page), and with a spacer a pixel taller (WeasyPrint's layout, bisection)."""
    from weasyprint import HTML

    def spaced(height: float) -> str:
        return html.replace(marker, f'<div style="height:{height:.1f}px"></div>{marker}', 1)

    def place(height: float) -> tuple[int, float]:
        """(page number, room left under the box) with a spacer of ``height``."""
        document = HTML(string=spaced(height).replace("</head>", _NO_KEEPING, 1)).render()
        for number, page in enumerate(document.pages):
            box = next((p for b in _boxes(page._page_box) if (p := pick(b)) is not None), None)
            if box is not None:
                foot = page._page_box.content_box_y() + page._page_box.height
                return number, foot - (box.border_box_y() + box.border_height())
        raise AssertionError(f"{marker!r} not laid out")

    page, room = place(0)
    low, high = 0.0, room + 60  # beyond the room left: the box's margins, the spacer's own
    assert place(high)[0] > page
    while high - low > 1:
        middle = (low + high) / 2
        low, high = (middle, high) if place(middle)[0] == page else (low, middle)
    return spaced(low), spaced(high)


def _pdf_pages(html: str) -> tuple[list[str], dict[str, int]]:
    """Each page's text without white space, and the page of each bookmark."""
    import io

    from pypdf import PdfReader

    from briefer.render.documents import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(html)))
    pages = ["".join(page.extract_text().split()) for page in reader.pages]
    marks = {o.title: reader.get_destination_page_number(o) for o in _flat(reader.outline)}
    return pages, marks


def _flat(outline):  # type: ignore[no-untyped-def]
    for entry in outline:
        yield from _flat(entry) if isinstance(entry, list) else (entry,)


def _last_page_with(pages: list[str], text: str) -> int:
    return max(i for i, page in enumerate(pages) if "".join(text.split()) in page)


@pytest.fixture(scope="module")
def seeds_story():  # type: ignore[no-untyped-def]
    from briefer.pipeline import build_brief
    from briefer.render.documents import render_html

    brief = build_brief([ROOT / "seeds"], dt.date(2026, 11, 23))
    section = next(s for s in brief.sections if s.stories)
    return section, section.stories[0], render_html(brief)


@pytest.mark.slow  # about 8 s: a dozen layouts to find the spacer
def test_a_pdf_section_heading_stays_with_its_first_story(seeds_story) -> None:  # type: ignore[no-untyped-def]
    section, story, html = seeds_story
    heading = next(m for m in re.findall(r"<h2>[^<]*</h2>", html) if section.title in m)
    spaced, _ = _pushed_to_page_bottom(
        html,
        heading,
        lambda b: b if b.element_tag == "h2" and section.title in b.element.text else None,
    )
    headline = story.headline.text[-25:]  # the start is in a "see also" pointer too
    for keeping, same_page in ((True, True), (False, False)):
        pages, marks = _pdf_pages(spaced if keeping else spaced.replace("</head>", _NO_KEEPING))
        page_of_heading = next(page for title, page in marks.items() if section.title in title)
        assert (page_of_heading == _last_page_with(pages, headline)) is same_page


def test_the_state_department_pdf_keeps_headings_and_headlines_with_what_follows(
    state_brief,  # type: ignore[no-untyped-def]
) -> None:
    """Read back page by page: no page ends on a section heading or between a story's
    headline and its first fact (9 pages, stories running on between facts)."""
    from briefer.render.documents import render_html

    pages, _ = _pdf_pages(render_html(state_brief))
    text = "".join(pages)
    starts = [sum(len(page) for page in pages[:i]) for i in range(len(pages))]

    def page(position: int) -> int:
        assert position >= 0
        return max(i for i, start in enumerate(starts) if start <= position)

    def squeezed(value: str) -> str:
        return "".join(value.split())

    cursor = text.find(squeezed("Bottom line up front"))
    number = 0
    for section in state_brief.sections:
        number += 1
        if not section.stories:
            continue
        first = squeezed(section.stories[0].headline.text)[:20]
        cursor = text.find(squeezed(f"{number}. {section.title}") + first, cursor)
        assert cursor >= 0, f"{section.title}: its heading and first story on two pages"
        for story in section.stories:
            headline = squeezed(story.headline.text)
            cursor = text.find(headline[:30], cursor)
            end = text.find(headline[-25:], cursor)
            if story.items:
                cursor = text.find(squeezed(story.items[0].text)[:25], end)
                assert page(end) == page(cursor), story.headline.text
    assert len(pages) > 3 and any(len(s.stories) > 1 for s in state_brief.sections)
