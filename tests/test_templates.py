"""User templates: overrides file by file and block by block, the commands, and errors."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

import briefer
from briefer.cli import main
from briefer.config import load_config
from briefer.config.document import DocumentSettings, date_time_group, document_settings
from briefer.render import render_html, render_markdown, render_pdf
from briefer.render.environment import package_templates
from briefer.render.folders import packaged_files, sample_brief

DATE = dt.date(2026, 11, 23)
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
UKRAINE_OVERRIDE = """\
## {{ section.number }}. {{ section.title }}, as the desk sees it

{% for item in section.items -%}
- DESK NOTE: {{ item.text|md }}{{ item|cite }}
{% endfor %}
"""


def _no_age_warning(stderr: str) -> str:
    """stderr less the warning that the seeds are years older than the brief's date."""
    return "".join(
        line for line in stderr.splitlines(keepends=True)
        if not line.startswith("warning: newest article")
    )  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def brief() -> briefer.Brief:
    return briefer.build_brief([SEEDS], date=DATE)


def templates_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "templates"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def markdown_sections(text: str) -> dict[str, str]:
    """The Markdown split at its level-2 headings, keyed by the heading's first words."""
    parts = re.split(r"^## ", text, flags=re.M)
    return {part.split(" ", 1)[0]: part for part in parts[1:]}


def html_sections(html: str) -> list[str]:
    return re.split(r"<h2", html)


# --- overrides -------------------------------------------------------------------------


def test_a_topic_template_changes_only_its_section_in_markdown_html_and_pdf(
    brief: briefer.Brief, tmp_path: Path
) -> None:
    folder = templates_folder(tmp_path, {"sections/ukraine.md.j2": UKRAINE_OVERRIDE})
    ukraine_items = len(next(s for s in brief.sections if s.id == "ukraine").items)

    default_md, custom_md = render_markdown(brief), render_markdown(brief, folder)
    default_parts, custom_parts = markdown_sections(default_md), markdown_sections(custom_md)
    assert default_parts.keys() == custom_parts.keys()
    changed = [key for key in default_parts if default_parts[key] != custom_parts[key]]
    assert changed == ["1."]
    assert custom_parts["1."].count("DESK NOTE:") == ukraine_items
    assert custom_md.count("DESK NOTE:") == ukraine_items

    default_html = html_sections(render_html(brief))
    custom_html = html_sections(render_html(brief, None, folder))
    assert len(default_html) == len(custom_html)
    changed_html = [
        i for i, (a, b) in enumerate(zip(default_html, custom_html, strict=True)) if a != b
    ]
    assert len(changed_html) == 1
    assert "as the desk sees it</h2>" in custom_html[changed_html[0]]

    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_pdf(render_html(brief, None, folder), folder))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert text.count("DESK NOTE:") == ukraine_items
    assert "Ukraine, as the desk sees it" in text
    for section in brief.sections:
        for item in section.items:
            assert " ".join(item.text.split()[:8]) in text


def test_a_block_can_be_overridden_by_extending_the_default(
    brief: briefer.Brief, tmp_path: Path
) -> None:
    folder = templates_folder(
        tmp_path,
        {
            "brief.md.j2": '{% extends "default/brief.md.j2" %}\n'
            "{% block bluf %}## Key judgements\n\n"
            "{% for item in bluf %}- {{ item.text|md }}{{ item|cite }}\n{% endfor %}"
            "{% endblock %}\n"
        },
    )
    default_md, custom_md = render_markdown(brief), render_markdown(brief, folder)
    assert "## Key judgements" in custom_md
    assert "Bottom line up front" not in custom_md
    after_bluf = default_md[default_md.index("## 1. Ukraine") :]
    assert custom_md.endswith(after_bluf)  # every other block is the default's


def test_a_file_that_extends_its_own_name_is_told_how_to_extend_the_default(
    brief: briefer.Brief, tmp_path: Path
) -> None:
    folder = templates_folder(tmp_path, {"brief.md.j2": '{% extends "brief.md.j2" %}\n'})
    with pytest.raises(briefer.RenderError) as caught:
        render_markdown(brief, folder)
    assert str(caught.value) == (
        f"{folder / 'brief.md.j2'}: a template extends or includes itself; to extend a "
        'packaged template, name it "default/<name>", e.g. '
        '{% extends "default/brief.md.j2" %}'
    )


def test_a_file_the_user_lacks_falls_back_to_the_default(
    brief: briefer.Brief, tmp_path: Path
) -> None:
    folder = templates_folder(tmp_path, {"style.css": "h2 { color: #7a0019; }\n"})
    assert render_markdown(brief, folder) == render_markdown(brief)
    html = render_html(brief, None, folder)
    assert "h2 { color: #7a0019; }" in html
    assert "border-left: 5px solid" not in html  # the default style.css is replaced whole
    default_css = (package_templates() / "style.css").read_text(encoding="utf-8")
    assert html == render_html(brief).replace(default_css, "h2 { color: #7a0019; }\n")


# --- what article text can and cannot do ------------------------------------------------


def test_article_markup_in_text_title_url_and_path_stays_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a`<img src=x onerror=alert(2)>`.txt"
    article.write_text(
        "---\ntitle: Kyiv <b>bold</b> [link](http://evil.example)\ndate: 2026-11-20\n"
        "url: x onmouseover=alert(1)\n---\n\n"
        "Ukraine said <script>alert(1)</script> was found in Kyiv on Monday. "
        "Officials in Ukraine said <img src=y onerror=alert(3)> *nothing* [else](http://x).\n",
        encoding="utf-8",
    )
    brief = briefer.build_brief([folder], date=DATE)
    html = render_html(brief)
    body = html[html.index("<main") :]
    for markup in ("<script", "<img", "<b>", "<x ", "<em>", 'href="http'):
        assert markup not in body, markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "x onmouseover=alert(1)" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body  # the file name, as text


# --- the document's conventions --------------------------------------------------------


def test_the_date_time_group_comes_from_the_date_and_the_configured_time() -> None:
    assert date_time_group(DATE, "0800Z") == "230800Z NOV 26"
    assert date_time_group(dt.date(2027, 1, 5), "1730A") == "051730A JAN 27"


def test_the_conventions_are_configured_in_toml(brief: briefer.Brief, tmp_path: Path) -> None:
    config_file = tmp_path / "briefer.toml"
    config_file.write_text(
        '[document]\nbanner = "RESTRICTED \\"DESK\\" </style><script>x()</script>"\n'
        'dtg_time = "1430Z"\nnumbered_sections = false\nsuperscript_citations = false\n'
        "bluf_box = false\ncutoff = false\n",
        encoding="utf-8",
    )
    document = document_settings(load_config(config_file))
    markdown = render_markdown(brief, None, document)
    assert markdown.startswith(
        '**RESTRICTED "DESK" &lt;/style&gt;&lt;script&gt;x()&lt;/script&gt;**'
    )
    assert "**231430Z NOV 26**" in markdown and "Information cut-off" not in markdown
    assert "## Ukraine" in markdown and "## 1." not in markdown
    assert " [[1]](#source-1)" in markdown and "<sup" not in markdown
    html = render_html(brief, None, None, document)
    assert "<script>x()" not in html and 'class="bluf"' not in html
    assert '@top-center { content: "RESTRICTED \\22 DESK\\22  \\3c \\2f style' in html
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_pdf(html))
    for page in PdfReader(pdf).pages:
        assert 'RESTRICTED "DESK" </style><script>x()</script>' in page.extract_text()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('dtg_time = "8am"', "'document.dtg_time' must be HHMM and a time-zone letter, such as "
         "0800Z (got '8am')"),
        ("banner = 1", "'document.banner' must be a string"),
        ('cutoff = "yes"', "'document.cutoff' must be true or false"),
        ("colour = true", "unknown key 'document.colour'"),
    ],
)  # fmt: skip
def test_a_bad_document_setting_is_an_error_naming_key_and_file(
    tmp_path: Path, table: str, message: str
) -> None:
    config_file = tmp_path / "briefer.toml"
    config_file.write_text(f"[document]\n{table}\n", encoding="utf-8")
    code, _, stderr = run("build", str(SEEDS), "--config", str(config_file))
    assert (code, stderr) == (1, f"Error: {config_file}: {message}\n")


def test_the_defaults_are_the_conventions() -> None:
    assert document_settings(load_config()) == DocumentSettings()


# --- briefer templates init / list / check ---------------------------------------------


def test_init_copies_the_defaults_and_will_not_overwrite_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    code, stdout, _ = run("templates", "init", str(folder))
    assert code == 0
    assert stdout.splitlines() == [str(folder / name) for name in packaged_files()]
    for name in packaged_files():
        assert (folder / name).read_bytes() == (package_templates() / name).read_bytes()
    assert {"brief.md.j2", "brief.html.j2", "style.css", "sections/default.md.j2"} <= {
        name.as_posix() for name in packaged_files()
    }

    (folder / "style.css").write_text("/* mine */\n", encoding="utf-8")
    code, _, stderr = run("templates", "init", str(folder))
    assert (code, stderr) == (
        1,
        f"Error: {folder / packaged_files()[0]} already exists (use --force to overwrite)\n",
    )
    assert (folder / "style.css").read_text(encoding="utf-8") == "/* mine */\n"
    code, _, _ = run("templates", "init", str(folder), "--force")
    assert code == 0
    assert (folder / "style.css").read_bytes() == (package_templates() / "style.css").read_bytes()


def test_list_shows_which_file_each_template_and_topic_uses(tmp_path: Path) -> None:
    folder = templates_folder(
        tmp_path,
        {"sections/ukraine.md.j2": UKRAINE_OVERRIDE, "sections/ukriane.md.j2": "typo\n"},
    )
    code, stdout, _ = run("templates", "list", "--templates", str(folder))
    assert code == 0
    used = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in stdout.splitlines()[:-1])
    packaged = package_templates()
    assert used["brief.md.j2"] == f"{packaged / 'brief.md.j2'}  (default)"
    assert used["style.css"] == f"{packaged / 'style.css'}  (default)"
    assert used["topic ukraine"] == f"{folder / 'sections/ukraine.md.j2'}  (yours)"
    assert used["topic us-relations"] == f"{packaged / 'sections/default.md.j2'}  (default)"
    assert stdout.splitlines()[-1] == (
        f"not used: {folder / 'sections/ukriane.md.j2'} (no topic 'ukriane')"
    )


def test_check_passes_the_defaults_and_a_good_folder(tmp_path: Path) -> None:
    code, stdout, _ = run("templates", "check")
    assert (code, stdout) == (0, "ok: every template in the defaults renders the sample brief\n")
    folder = templates_folder(tmp_path, {"sections/ukraine.md.j2": UKRAINE_OVERRIDE})
    code, stdout, _ = run("templates", "check", str(folder))
    assert (code, stdout) == (0, f"ok: every template in {folder} renders the sample brief\n")


def test_check_reports_every_broken_template_with_file_and_line(tmp_path: Path) -> None:
    folder = templates_folder(
        tmp_path,
        {
            "sections/ukraine.md.j2": "## {{ section.title }}\n\n{{ section.headline }}\n",
            "sections/not-a-topic.md.j2": "line one\n{% for x in %}\n",
            "brief.html.j2": "<html>\n{{ body }}\n{{ brief.nonesuch }}\n</html>\n",
        },
    )
    code, stdout, stderr = run("templates", "check", str(folder))
    assert code == 1 and stdout == ""
    assert sorted(stderr.splitlines()) == [
        f"Error: {folder / 'brief.html.j2'}:3: 'types.SimpleNamespace object' has no "
        "attribute 'nonesuch'",
        f"Error: {folder / 'sections/not-a-topic.md.j2'}:2: Expected an expression, got "
        "'end of statement block'",
        f"Error: {folder / 'sections/ukraine.md.j2'}:3: 'types.SimpleNamespace object' has no "
        "attribute 'headline'",
    ]


def test_a_broken_template_fails_the_build_with_its_line_and_no_traceback(
    tmp_path: Path,
) -> None:
    folder = templates_folder(
        tmp_path, {"sections/default.md.j2": "## {{ section.title }}\n\n{{ sektion.items }}\n"}
    )
    out = tmp_path / "out"
    code, stdout, stderr = run(
        "build", str(SEEDS), "--date", "2026-11-23", "--templates", str(folder),
        "--output-dir", str(out),
    )  # fmt: skip
    assert (code, stdout) == (1, "")
    assert _no_age_warning(stderr) == (
        f"Error: {folder / 'sections/default.md.j2'}:3: 'sektion' is undefined\n"
    )
    assert not out.exists()


def test_a_syntax_error_names_file_and_line(brief: briefer.Brief, tmp_path: Path) -> None:
    folder = templates_folder(tmp_path, {"brief.md.j2": "# {{ brief.title }}\n\n{% if %}\n"})
    with pytest.raises(briefer.RenderError) as caught:
        render_markdown(brief, folder)
    assert str(caught.value) == (
        f"{folder / 'brief.md.j2'}:3: Expected an expression, got 'end of statement block'"
    )


def test_the_sample_brief_has_what_templates_must_handle() -> None:
    sample = sample_brief([("ukraine", "Ukraine"), ("energy", "Energy")])
    assert [s.id for s in sample.sections] == ["ukraine", "energy"]
    assert any(len(item.source_ids) > 1 for item in sample.bluf)
    assert {s.article.date is None for s in sample.sources} == {True, False}
    assert {s.id for s in sample.sources} > sample.cited_ids(), "one source is read, not cited"
    story = sample.sections[0].stories[0]
    assert (story.headline, *story.items) == sample.sections[0].items, "items: the flat list"
    assert story.also_in == ("energy",) and not sample.sections[1].stories
    empty = sample_brief([("ukraine", "Ukraine")], empty=True)
    assert not empty.bluf and not empty.sources and not empty.sections[0].items
    assert not empty.sections[0].stories


def test_every_variable_a_template_receives_is_documented(brief: briefer.Brief) -> None:
    """Of a real build and of the sample brief (which has stories and a "see also")."""
    guide = (Path(__file__).resolve().parents[1] / "docs" / "templates.md").read_text("utf-8")
    names: set[str] = set()
    sample = sample_brief([("ukraine", "Ukraine"), ("energy", "Energy")])
    for each in (brief, sample):
        context = briefer.render.brief_context(each)
        names |= set(context)
        for name, prefix in (("brief", "brief"), ("document", "document")):
            names |= {f"{prefix}.{key}" for key in vars(context[name])}
        names |= {f"section.{key}" for s in context["sections"] for key in vars(s)}
        names |= {f"item.{key}" for key in vars(context["bluf"][0])}
        names |= {f"source.{key}" for key in vars(context["sources"][0])}
        stories = [story for s in context["sections"] for story in s.stories]
        names |= {f"story.{key}" for story in stories for key in vars(story)}
        pointers = [p for s in context["sections"] for p in s.see_also]
        names |= {f"pointer.{key}" for p in pointers for key in vars(p)}
    assert any(name.startswith("story.") for name in names)
    assert any(name.startswith("pointer.") for name in names)
    missing = sorted(name for name in names if f"`{name}" not in guide)
    assert missing == []
    for name in ("md", "cite", "md_url", "md_code", "css_string", "clip"):
        assert f"| `{name}` |" in guide


def test_a_users_line_above_a_copied_templates_comment_keeps_its_own_line(
    brief: briefer.Brief, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    code, _, stderr = run("templates", "init", str(folder))
    assert code == 0, stderr
    for name in ("sections/default.md.j2", "brief.md.j2"):
        path = folder / name
        path.write_text(f"MARKER {name}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    markdown = render_markdown(brief, folder)
    assert markdown.startswith("MARKER brief.md.j2\n")
    assert "MARKER sections/default.md.j2\n## 1. Ukraine\n" in markdown
    # Without the user's line, the copied templates render exactly as the packaged ones.
    assert render_markdown(brief, package_templates()) == render_markdown(brief)


BROKEN_CSS = """\
h1 { color: #1f3a5f; }
h2 { color: red; margin 0; }
.bluf color: blue; }
@media print {
  .banner { color: ; }
}
p { line-height: 1.4;
"""


def test_check_reports_css_parse_errors_with_file_and_line(tmp_path: Path) -> None:
    from briefer.render.stylesheet import css_syntax_errors

    css = (package_templates() / "style.css").read_text(encoding="utf-8")
    assert css_syntax_errors(css, "style.css") == []
    folder = templates_folder(tmp_path, {"style.css": BROKEN_CSS})
    code, stdout, stderr = run("templates", "check", str(folder))
    assert code == 1 and stdout == ""
    where = folder / "style.css"
    lines = [line.split(": ", 2)[1] for line in stderr.splitlines()]
    assert lines == [f"{where}:2", f"{where}:3", f"{where}:5", f"{where}:7"], stderr
    assert "'color' has no value" in stderr and "never closed" in stderr


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_the_pdf_banner_is_styled_by_the_banner_rule_in_style_css(
    brief: briefer.Brief, tmp_path: Path
) -> None:
    css = (package_templates() / "style.css").read_text(encoding="utf-8")
    folder = templates_folder(
        tmp_path, {"style.css": css + "\n.banner { color: rgb(220, 0, 0); }\n"}
    )

    def red_pixels(user_templates: Path | None, name: str) -> list[int]:
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(render_pdf(render_html(brief, None, user_templates), user_templates))
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / name)], check=True)
        counts = []
        for page in sorted(tmp_path.glob(f"{name}-*.png")):
            with Image.open(page) as image:
                pixels = image.convert("RGB").get_flattened_data()
            counts.append(sum(1 for r, g, b in pixels if r > 150 and g < 90 and b < 90))
        return counts

    assert all(count == 0 for count in red_pixels(None, "default"))
    assert all(count > 20 for count in red_pixels(folder, "red"))


# --- brief.json ------------------------------------------------------------------------

# What a version-1 reader of brief.json uses: every key of version 1 at each level.
V1_TOP = {"version", "date", "title", "method", "bluf", "sections", "sources", "skipped"}
V1_ITEM = {"text", "sources", "score", "article", "start", "end", "outlets"}
V1_EVENT = {"what", "when", "when_text", "who", "where", "status"}  # outlook items
V1_SECTION = {"id", "title", "items"}
V1_SOURCE = {"id", "number", "title", "date", "path", "url", "source", "author", "outlets",
             "undated"}  # fmt: skip
STORY_KEYS = {"id", "headline", "items", "sources", "outlets", "first_reported", "also_in"}


def test_brief_json_version_3_adds_new_and_keeps_every_version_1_and_2_field() -> None:
    sample = sample_brief([("ukraine", "Ukraine"), ("us", "US"), ("upcoming-visits", "Next")])
    data = briefer.brief_to_json(sample)
    assert data["version"] == 3
    assert set(data) >= V1_TOP and data["previous"] is None  # built with no previous brief
    items = [*data["bluf"], *(i for s in data["sections"] for i in s["items"])]
    assert all(set(item) >= V1_ITEM for item in items)
    assert all(item["new"] is True for item in items)
    assert any(set(item) >= V1_EVENT for item in items)
    assert all(set(section) >= V1_SECTION for section in data["sections"])
    assert all(set(source) >= V1_SOURCE for source in data["sources"])
    # The stories: the agreed keys, and a version-1 reader of items sees every story item.
    [story] = data["sections"][0]["stories"]
    assert set(story) == STORY_KEYS
    assert data["sections"][0]["items"] == [story["headline"], *story["items"]]
    assert story["first_reported"] == "2026-11-21" and story["also_in"] == ["us"]
    assert story["outlets"] == 2 and set(story["sources"]) == {"sample-1", "sample-3"}
    assert data["sections"][1]["stories"] == []
    # Adding stories changed nothing a version-1 reader reads.
    flat = replace(sample, sections=tuple(replace(s, stories=()) for s in sample.sections))
    without = briefer.brief_to_json(flat)
    for section in (*data["sections"], *without["sections"]):
        del section["stories"]
    assert data == without


def test_stories_render_as_blocks_in_markdown_html_and_pdf() -> None:
    sample = sample_brief([("ukraine", "Ukraine"), ("us", "US relations")])
    text = render_markdown(sample)
    ukraine = markdown_sections(text)["1."]
    headline = sample.sections[0].stories[0].headline.text
    assert f"**{headline}**" in ukraine
    # The date never breaks across lines: "21 / Nov 2026" on a phone read badly.
    assert "*Reported by 2 independent outlets; first reported 21\u00a0Nov\u00a02026.*" in ukraine
    assert "\n- A sentence with &lt;script&gt;" in ukraine  # the supporting fact, escaped
    assert "See also: [A second round" in markdown_sections(text)["2."]
    page = render_html(sample)
    story_id = sample.sections[0].stories[0].id
    assert f'<div class="story" id="story-{story_id}">' in page
    assert f"<p><strong>{headline}</strong>" in page
    assert '<p class="story-source">Reported by 2 independent outlets;' in page
    assert f'<a href="#story-{story_id}">' in page
    words = " ".join(PdfReader(io.BytesIO(render_pdf(page))).pages[0].extract_text().split())
    assert "Reported by 2 independent outlets; first reported 21 Nov 2026." in words


def _with_story(brief: briefer.Brief, story: briefer.Story) -> briefer.Brief:
    """``brief`` with its first section's story replaced by ``story``."""
    first = replace(brief.sections[0], stories=(story,))
    return replace(brief, sections=(first, *brief.sections[1:]))


def test_a_story_of_one_outlet_and_no_date_says_so() -> None:
    sample = sample_brief([("ukraine", "Ukraine")])
    [story] = sample.sections[0].stories
    sample = _with_story(sample, replace(story, outlets=1, first_reported=None))
    assert "*Reported by one outlet.*" in render_markdown(sample)


def test_a_pointer_names_a_long_headline_by_its_first_words() -> None:
    from briefer.render.context import clip_words

    assert clip_words("one two three four", 3) == "one two three…"
    assert clip_words("one two, three", 2) == "one two…"
    assert clip_words("one two", 2) == "one two"
    sample = sample_brief([("ukraine", "Ukraine"), ("us", "US relations")])
    [story] = sample.sections[0].stories
    long = replace(story.headline.sentence, text="Word " * 30 + "end.")
    sample = _with_story(sample, replace(story, headline=replace(story.headline, sentence=long)))
    pointer = markdown_sections(render_markdown(sample))["2."]
    assert "See also: [" + "Word " * 11 + "Word…](#story-" in pointer


def test_story_blocks_fit_a_phone(tmp_path: Path) -> None:
    from test_look import CHROMIUM, PHONE_WIDTH, measure_on_phone

    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    page = render_html(sample_brief([("ukraine", "Ukraine"), ("us", "US relations")]))
    assert 'class="story"' in page
    result = measure_on_phone(page, tmp_path)
    assert (result["viewport"], result["scrollWidth"], result["wide"]) == (PHONE_WIDTH, 390, [])
