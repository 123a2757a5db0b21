"""briefer.render.pdf loads WeasyPrint's libraries without a search, and the same files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Run in a fresh process: the shared libraries it has mapped, the processes it started
# (children's CPU), and whether ctypes' find_library is the real one again afterwards.
PROBE = """
import ctypes.util, json, resource, sys
real = ctypes.util.find_library
exec(sys.argv[1])
maps = sorted({line.split()[-1] for line in open("/proc/self/maps") if ".so" in line})
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "libraries": [m for m in maps if any(n in m for n in sys.argv[2].split(","))],
    "children_cpu": children.ru_utime + children.ru_stime,
    "restored": ctypes.util.find_library is real,
}))
"""
NAMES = "gobject-2.0,pango-1.0,pangoft2-1.0,harfbuzz,fontconfig"


def _probe(statement: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, statement, NAMES],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="the soname route is taken on Linux only")
def test_weasyprint_libraries_are_the_files_its_own_search_finds() -> None:
    own = _probe("import weasyprint")
    ours = _probe("import briefer.render.pdf")
    assert own["libraries"], "WeasyPrint mapped none of its libraries"
    assert ours["libraries"] == own["libraries"]
    assert ours["restored"] is True
    # WeasyPrint's own search runs ldconfig (and gcc, ld) for every name it tries: ours none.
    assert ours["children_cpu"] == 0.0
