"""Does another revision write the same brief? A 1,000-article day and the seeds, byte for byte.

Usage: python benchmarks/same_output.py --against REV [--base REV] [--articles 1000]
       [--format md,html,json]

Builds the day benchmarks/build_scale.py makes (real dev-set stories recombined
into distinct articles) and the seeds, once with this working tree (or
``--base REV``) and once with ``--against REV``, and compares every file the
builds write (brief.json, brief.md, and brief.html unless left out of
``--format``) byte for byte. Prints "identical" for each, or where the first
difference is (byte, line, and the two lines), and exits 1 if any differs.

A revision is checked out into a temporary worktree (``git worktree add``,
removed at the end) and run by this same Python with PYTHONPATH pointing at
it: nothing is installed, and the run fails if the wrong briefer is imported.
Both sides read the same input files from the same paths, so paths recorded
in brief.json match.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from build_scale import DATE, ROOT, Tree, checked_out, commit_of, run, write_articles

OUTPUTS = {"md": "brief.md", "html": "brief.html", "json": "brief.json"}


def build_all(tree: Tree, days: dict[str, Path], output: Path, formats: str) -> None:
    """Build every day with TREE into OUTPUT/<day>."""
    for name, folder in days.items():
        where = str(output / name)
        run(tree, "build", str(folder), "--date", DATE, "--output-dir", where, "--format", formats)


def first_difference(one: bytes, other: bytes) -> str:
    """Where two byte strings first differ: byte offset, line number, and both lines."""
    offset = next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )
    line = one.count(b"\n", 0, offset) + 1
    return (
        f"first difference at byte {offset:,} (line {line}; sizes {len(one):,} and "
        f"{len(other):,})\n      base:    {_line_at(one, offset)}\n"
        f"      against: {_line_at(other, offset)}"
    )


def _line_at(data: bytes, offset: int) -> str:
    """The line holding OFFSET, or 60 bytes either side of it in a long line."""
    start = max(data.rfind(b"\n", 0, offset) + 1, offset - 60)
    end = data.find(b"\n", offset)
    end = min(end if end >= 0 else len(data), offset + 60)
    return repr(data[start:end].decode("utf-8", "replace"))


def compare(base: Path, against: Path, days: Sequence[str], formats: str) -> bool:
    """Print, for every day and written file, identical or the first difference."""
    same = True
    for day in days:
        for kind in formats.split(","):
            name = OUTPUTS[kind]
            one = (base / day / DATE / name).read_bytes()
            other = (against / day / DATE / name).read_bytes()
            if one == other:
                print(f"  {day:<14}{name:<12}identical ({len(one):,} bytes)")
            else:
                same = False
                print(f"  {day:<14}{name:<12}DIFFERENT: {first_difference(one, other)}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the revision to compare with")
    parser.add_argument("--base", help="a revision instead of this working tree")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--format", default="md,html,json", help="of md, html, json")
    args = parser.parse_args()
    unknown = set(args.format.split(",")) - set(OUTPUTS)
    if unknown:
        raise SystemExit(f"--format: not one of md, html, json: {', '.join(sorted(unknown))}")
    with ExitStack() as stack:
        temporary = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="same-output-")))
        base = Tree("work", ROOT)
        if args.base:
            (temporary / "base").mkdir()
            base = stack.enter_context(checked_out(args.base, temporary / "base"))
        (temporary / "against").mkdir()
        against = stack.enter_context(checked_out(args.against, temporary / "against"))
        days = {f"{args.articles}-articles": temporary / "articles", "seeds": temporary / "seeds"}
        write_articles(days[f"{args.articles}-articles"], args.articles)
        shutil.copytree(ROOT / "seeds", days["seeds"])
        print(f"base:    {base.label} at {base.path} (commit {commit_of(base)})")
        print(f"against: {against.label} at {against.path} (commit {commit_of(against)})")
        print(f"date {DATE}; {args.articles:,} articles and the seeds; formats {args.format}")
        build_all(base, days, temporary / "out-base", args.format)
        build_all(against, days, temporary / "out-against", args.format)
        same = compare(temporary / "out-base", temporary / "out-against", list(days), args.format)
    print("identical" if same else "DIFFERENT")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
