"""What a reader sees: the seeds' HTML in headless Chromium at phone width, the PDF as pictures.

Chromium (Debian's ``chromium``) and ``pdftoppm`` (poppler-utils) are installed by
``scripts/setup-system.sh``; these tests are skipped where they are missing. Each
check is run once on something built to fail it, so a check that cannot fail
shows up here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

import briefer

DATE = dt.date(2026, 11, 23)
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BANNER = "UNCLASSIFIED // OPEN SOURCE"
PHONE_WIDTH = 390  # CSS pixels, a common phone
A4_WIDTH_MM, SIDE_MARGIN_MM = 210, 18
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
needs_pdftoppm = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm is not installed")

# Measures the brief inside a phone-wide frame: anything reaching past the frame's edge.
MEASURE = """<script>
window.addEventListener("load", function () {
  var doc = document.getElementById("brief").contentDocument;
  var width = doc.documentElement.clientWidth, wide = [];
  doc.querySelectorAll("body *").forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) {
      var name = el.tagName.toLowerCase();
      wide.push(name + " " + Math.round(box.left) + ".." + Math.round(box.right));
    }
  });
  document.getElementById("result").textContent = JSON.stringify(
    {viewport: width, scrollWidth: doc.documentElement.scrollWidth, wide: wide});
});
</script>"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    brief = briefer.build_brief([SEEDS], date=DATE)
    return briefer.write_brief(brief, tmp_path_factory.mktemp("look"), formats=["html", "pdf"])


def chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with no network, no profile and no background services."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'chromium-profile'}", *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def phone_frame(page: str, folder: Path) -> Path:
    """A page that shows ``page`` in a frame as wide as a phone.

    Headless Chromium will not make its window narrower than 500 pixels, so
    the phone is a frame; ``srcdoc`` keeps it same-origin, so the script can
    measure inside it.
    """
    frame = folder / "phone.html"
    frame.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="brief" style="border:0;display:block;width:{PHONE_WIDTH}px;height:6000px" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe><pre id="result"></pre>'
        f"{MEASURE}</body></html>",
        encoding="utf-8",
    )
    return frame


def measure_on_phone(page: str, tmp_path: Path) -> dict[str, object]:
    frame = phone_frame(page, tmp_path)
    dom = chromium(tmp_path, "--window-size=500,6000", "--dump-dom", frame.as_uri())
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert match and match.group(1), "the measuring script did not run"
    result: dict[str, object] = json.loads(html.unescape(match.group(1)))
    return result


def not_blank(picture: Path) -> float:
    """Standard deviation of the picture's grey levels (0 for a blank picture)."""
    with Image.open(picture) as image:
        return float(ImageStat.Stat(image.convert("L")).stddev[0])


def ink_columns(picture: Path) -> tuple[int, int]:
    """Leftmost and rightmost column holding anything darker than near-white."""
    with Image.open(picture) as image:
        grey = image.convert("L").point(lambda level: 255 if level < 235 else 0)
        box = grey.getbbox()
    assert box is not None, f"{picture} is blank"
    return box[0], box[2]


# --- HTML --------------------------------------------------------------------------------


@pytest.mark.slow  # starts a headless browser: 0.7-2 s each
@needs_chromium
def test_nothing_is_wider_than_a_phone(built: dict[str, Path], tmp_path: Path) -> None:
    page = built["html"].read_text(encoding="utf-8")
    result = measure_on_phone(page, tmp_path)
    assert result["viewport"] == PHONE_WIDTH
    assert result["wide"] == [] and result["scrollWidth"] == PHONE_WIDTH, result

    # The same check catches a page that is too wide.
    too_wide = page.replace("<main", '<div style="width:600px">wide</div><main', 1)
    result = measure_on_phone(too_wide, tmp_path)
    assert result["wide"] == ["div 12..612"], result


@pytest.mark.slow  # starts a headless browser: 0.7-2 s each
@needs_chromium
def test_a_wide_outlook_table_fits_on_a_phone(tmp_path: Path) -> None:
    """Tables (the outlook of upcoming visits) wrap instead of widening the page."""
    templates = tmp_path / "templates" / "sections"
    templates.mkdir(parents=True)
    (templates / "upcoming-visits.md.j2").write_text(
        "## {{ section.number }}. {{ section.title }}\n\n"
        "| When | Who | Where | What | Source |\n| --- | --- | --- | --- | --- |\n"
        "{% for item in section.items %}| 2026-12-0{{ loop.index }} | Delegation"
        "-of-the-Ministry-of-Foreign-Affairs | Beijing | {{ item.text|md }} | "
        "{{ item|cite }} |\n{% endfor %}",
        encoding="utf-8",
    )
    brief = briefer.build_brief([SEEDS], date=DATE)
    page = briefer.render.render_html(brief, None, templates.parent)
    assert "<table>" in page
    result = measure_on_phone(page, tmp_path)
    assert result["wide"] == [] and result["scrollWidth"] == PHONE_WIDTH, result


@pytest.mark.slow  # starts a headless browser: 0.7-2 s each
@needs_chromium
def test_the_phone_screenshot_shows_the_brief(built: dict[str, Path], tmp_path: Path) -> None:
    frame = phone_frame(built["html"].read_text(encoding="utf-8"), tmp_path)
    shot = tmp_path / "phone.png"
    chromium(tmp_path, f"--window-size={PHONE_WIDTH},2600", f"--screenshot={shot}", frame.as_uri())
    with Image.open(shot) as image:
        assert image.size == (PHONE_WIDTH, 2600)
    assert not_blank(shot) > 20

    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    chromium(
        tmp_path, "--window-size=500,800", f"--screenshot={tmp_path / 'empty.png'}", empty.as_uri()
    )
    assert not_blank(tmp_path / "empty.png") < 1


def test_the_html_asks_for_nothing_from_outside(built: dict[str, Path]) -> None:
    page = built["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "url(" not in page and "@import" not in page and "<link" not in page


# --- PDF ---------------------------------------------------------------------------------


def pdf_pictures(pdf: Path, folder: Path) -> list[Path]:
    assert PDFTOPPM is not None
    subprocess.run([PDFTOPPM, "-r", "60", "-png", str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


@needs_pdftoppm
def test_pdf_pages_are_pictures_with_nothing_past_the_margins(
    built: dict[str, Path], tmp_path: Path
) -> None:
    pages = pdf_pictures(built["pdf"], tmp_path)
    assert len(pages) == len(PdfReader(built["pdf"]).pages)
    assert 1 <= len(pages) <= 3
    for picture in pages:
        assert not_blank(picture) > 10
        left, right = ink_columns(picture)
        with Image.open(picture) as image:
            width = image.size[0]
        margin = width * SIDE_MARGIN_MM / A4_WIDTH_MM
        assert left >= margin - 2 and right <= width - margin + 2, (picture.name, left, right)

    # The same check catches a page whose content runs past the right margin.
    wide = tmp_path / "wide"
    (wide / "templates").mkdir(parents=True)
    (wide / "templates" / "brief.md.j2").write_text(
        '{% extends "default/brief.md.j2" %}{% block header %}# {{ brief.title }}\n\n'
        '<div style="width:250mm;border-top:3px solid black"></div>\n{% endblock %}',
        encoding="utf-8",
    )
    brief = briefer.build_brief([SEEDS], date=DATE)
    paths = briefer.write_brief(brief, wide, ["pdf"], wide / "templates")
    first = pdf_pictures(paths["pdf"], wide)[0]
    with Image.open(first) as image:
        width = image.size[0]
    assert ink_columns(first)[1] > width - width * SIDE_MARGIN_MM / A4_WIDTH_MM + 2


def test_the_banner_date_and_page_number_are_on_every_pdf_page(built: dict[str, Path]) -> None:
    pages = [page.extract_text() for page in PdfReader(built["pdf"]).pages]
    for number, text in enumerate(pages, start=1):
        assert text.count(BANNER) == 2, f"page {number}: banner at top and bottom"
        assert "230800Z NOV 26 · 23 November 2026" in text
        assert f"Page {number} of {len(pages)}" in text


@pytest.mark.slow  # starts a headless browser: 0.7-2 s each
@needs_chromium
def test_the_html_prints_from_a_browser_with_banner_and_page_numbers(
    built: dict[str, Path], tmp_path: Path
) -> None:
    """Printing brief.html from a browser gives the same page furniture as brief.pdf."""
    printed = tmp_path / "printed.pdf"
    chromium(
        tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={printed}", built["html"].as_uri()
    )
    pages = [page.extract_text() for page in PdfReader(printed).pages]
    assert 1 <= len(pages) <= 3
    for number, text in enumerate(pages, start=1):
        assert text.count(BANNER) == 2, f"page {number}: banner at top and bottom"
        assert f"Page {number} of {len(pages)}" in text
        assert "230800Z NOV 26 · 23 November 2026" in text
