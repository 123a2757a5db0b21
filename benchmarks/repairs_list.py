"""Write tests/data/stories/repairs_checked.jsonl: 50 repairs of pointing-back sentences.

Usage: python benchmarks/repairs_list.py

The repairs are every one ``briefer.text.standalone.repair`` makes in the
seeds and the State Department releases (public domain: text stored), then
the first of the BBC dev set (copyrighted: only id and sentence number
stored) up to 50. Each was read by hand against the sentences before it; the
verdicts are kept here (``WEAK``: the opening no longer points back, but a
description or pronoun inside still needs the article -- "the 34-year-old";
every other repair was right, none named a wrong antecedent). Rerun after
changing ``repair`` and read the changed rows again before trusting them.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefer.ingest.files import read_article
from briefer.text.sentences import split_sentences
from briefer.text.standalone import repair
from briefer.text.words import points_back

ROOT = Path(__file__).resolve().parents[1]
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
OUT = ROOT / "tests" / "data" / "stories" / "repairs_checked.jsonl"

#: BBC repairs (by their order among the BBC repairs) judged weak, and why.
WEAK = {
    6: "'the 34-year-old': who is not said",
    7: "'the Olympic champion': who is not said",
    8: "'the Kent athlete': who is not said",
    9: "'the Kent athlete': who is not said",
    21: "'him' inside the question",
    22: "a quotation cut from its speaker; 'they' generic",
}


def _repairs(paragraphs: list[str]) -> list[tuple[int, str, str, str]]:
    """(index, sentence, previous sentence, repaired) of every sentence repair changes."""
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    found = []
    for index, sentence in enumerate(sentences):
        if points_back(sentence):
            repaired = repair(sentence, sentences[:index])
            if repaired is not None and repaired != sentence:
                previous = sentences[index - 1] if index else ""
                found.append((index, sentence, previous, repaired))
    return found


def main() -> None:
    rows: list[dict[str, object]] = []
    documents = [
        ("seeds", str(p.relative_to(ROOT)), list(read_article(p).paragraphs))
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    for line in (ROOT / "tests" / "data" / "upcoming-dev.jsonl").read_text("utf-8").splitlines():
        release = json.loads(line)
        documents.append(("state", release["id"], release["text"].split("\n\n")))
    for kind, document, paragraphs in documents:
        for index, sentence, previous, repaired in _repairs(paragraphs):
            rows.append(
                {
                    "set": kind,
                    "id": document,
                    "sentence": index,
                    "text": sentence,
                    "previous": previous,
                    "repaired": repaired,
                    "verdict": "right",
                    "note": "",
                }
            )
    number = 0
    for line in (EVAL_DEV / "bbc-news-summary.jsonl").read_text("utf-8").splitlines():
        story = json.loads(line)
        for index, *_ in _repairs(story["text"].split("\n\n")):
            number += 1
            if len(rows) < 50:
                verdict = "weak" if number in WEAK else "right"
                rows.append(
                    {
                        "set": "bbc",
                        "id": story["id"],
                        "sentence": index,
                        "verdict": verdict,
                        "note": WEAK.get(number, ""),
                    }
                )
    lines = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    right = sum(row["verdict"] == "right" for row in rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} repairs, {right} right, {len(rows) - right} weak")


if __name__ == "__main__":
    main()
