"""The template folder a user edits: copy the defaults, see which file is used, check them.

Three questions a template author asks, each answered by one function that
``briefer templates`` calls: ``init_templates`` (give me the defaults to edit),
``template_choices`` (which file will a build use for each template and each
topic?) and ``check_templates`` (does every template render?). The check
renders against ``sample_brief``, a small brief made here in code, so it needs
no articles, no NLTK and no seeds folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from briefer.config.document import DocumentSettings
from briefer.errors import RenderError
from briefer.model import Article, Brief, Event, Item, Section, Sentence, Source, Story
from briefer.render.context import brief_context
from briefer.render.documents import render_html, render_markdown, render_pdf
from briefer.render.environment import (
    environment,
    package_templates,
    render_template,
    template_location,
)
from briefer.text.tokens import tokenize

#: The templates a brief is made of, in the order they are used.
TEMPLATE_NAMES = ("brief.md.j2", "sections/default.md.j2", "brief.html.j2", "style.css")
_TEMPLATE_SUFFIXES = (".j2", ".css")


def section_template(topic_id: str) -> str:
    return f"sections/{topic_id}.md.j2"


# --- init ------------------------------------------------------------------------------


def packaged_files() -> list[Path]:
    """The packaged template files, relative to the packaged folder, sorted."""
    root = package_templates()
    return sorted(
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and path.name.endswith(_TEMPLATE_SUFFIXES)
    )


def init_templates(folder: Path, force: bool = False) -> list[Path]:
    """Copy the packaged templates into ``folder``; return the files written.

    Refuses, before writing anything, to overwrite a file unless ``force``.
    """
    files = packaged_files()
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing and not force:
        raise RenderError(f"{existing[0]} already exists (use --force to overwrite)")
    written = []
    for name in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package_templates() / name, target)
        written.append(target)
    return written


# --- list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateChoice:
    """What a build uses for one template or one topic's section."""

    what: str  # "brief.md.j2", or "topic ukraine"
    path: Path  # the file that will be used
    users: bool  # True if it is the user's file, False if packaged


def _resolve(name: str, user_templates: Path | None) -> TemplateChoice | None:
    for folder, users in ((user_templates, True), (package_templates(), False)):
        if folder is not None and (folder / name).is_file():
            return TemplateChoice(name, folder / name, users)
    return None


def template_choices(user_templates: Path | None, topic_ids: Sequence[str]) -> list[TemplateChoice]:
    """For each template and then each topic, the file a build will use.

    A topic uses ``sections/<id>.md.j2`` (the user's, then the packaged one)
    if there is one, else ``sections/default.md.j2``, as ``brief.md.j2``'s
    ``include`` does.
    """
    choices = []
    for name in TEMPLATE_NAMES:
        choice = _resolve(name, user_templates)
        if choice is None:  # pragma: no cover - the package always ships its defaults
            raise RenderError(f"template not found: {name}")
        choices.append(choice)
    for topic_id in topic_ids:
        choice = _resolve(section_template(topic_id), user_templates) or _resolve(
            "sections/default.md.j2", user_templates
        )
        assert choice is not None
        choices.append(TemplateChoice(f"topic {topic_id}", choice.path, choice.users))
    return choices


def unused_templates(user_templates: Path | None, topic_ids: Sequence[str]) -> list[Path]:
    """The user's section templates for topics that do not exist (a typo, say)."""
    if user_templates is None or not (user_templates / "sections").is_dir():
        return []
    wanted = {section_template(t) for t in topic_ids} | {"sections/default.md.j2"}
    return sorted(
        path
        for path in (user_templates / "sections").glob("*.md.j2")
        if path.relative_to(user_templates).as_posix() not in wanted
    )


# --- check -----------------------------------------------------------------------------


def check_templates(
    user_templates: Path | None,
    topics: Sequence[tuple[str, str]],
    document: DocumentSettings | None = None,
    pdf: bool = True,
) -> list[str]:
    """Render every template against the sample brief (full and empty); return the problems.

    ``topics`` are the configured (id, title) pairs. Each problem is one line,
    ``file:line: message`` where a template is to blame. Every section
    template found (the user's and the packaged ones, for configured topics
    or not) is rendered on its own as well, so one broken section does not
    hide another.
    """
    problems: list[str] = []

    def attempt(action: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return action(*args, **kwargs)
        except RenderError as error:
            if str(error) not in problems:
                problems.append(str(error))
            return None

    section_ids = _section_ids(user_templates, [t for t, _ in topics])
    titled = list(topics) + [(t, t) for t in section_ids if t not in dict(topics)]
    env = environment(user_templates)
    for brief in (sample_brief(titled), sample_brief(titled, empty=True)):
        attempt(render_markdown, brief, user_templates, document)
        # The page is checked even when the Markdown inside it is broken.
        body = attempt(render_markdown, brief, user_templates, document, output="html")
        html = attempt(render_html, brief, body or "", user_templates, document)
        context = brief_context(brief, document)
        for section in context["sections"]:
            name = section_template(section.id)
            if _exists(env, name):
                attempt(render_template, env, name, context | {"section": section})
        if pdf and html is not None and not problems:
            attempt(render_pdf, html, user_templates)
    for path in _other_templates(user_templates):
        attempt(_compile, env, path.relative_to(user_templates).as_posix())  # type: ignore[arg-type]
    for problem in _stylesheet_problems(env, user_templates):
        if problem not in problems:
            problems.append(problem)
    return problems


def _stylesheet_problems(env: jinja2.Environment, user_templates: Path | None) -> list[str]:
    """CSS parse errors in the style.css a build uses and in the user's other .css files."""
    from briefer.render.stylesheet import css_syntax_errors

    assert env.loader is not None
    css, filename, _ = env.loader.get_source(env, "style.css")
    problems = css_syntax_errors(css, filename or "style.css")
    others = sorted(user_templates.rglob("*.css")) if user_templates is not None else []
    for path in others:
        if str(path) != filename:
            problems += css_syntax_errors(path.read_text(encoding="utf-8"), str(path))
    return problems


def _exists(env: jinja2.Environment, name: str) -> bool:
    assert env.loader is not None
    try:
        env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return False
    return True


def _compile(env: jinja2.Environment, name: str) -> None:
    """Compile a template no build renders directly (a macro file, say) to find syntax errors."""
    try:
        env.get_template(name)
    except Exception as error:
        where = template_location(error)
        if where is None:
            raise
        raise RenderError(f"{where}: {getattr(error, 'message', error)}") from error


def _section_ids(user_templates: Path | None, topic_ids: Iterable[str]) -> list[str]:
    """Topic ids of every section template there is, configured topics first."""
    ids = list(topic_ids)
    for folder in (user_templates, package_templates()):
        if folder is not None and (folder / "sections").is_dir():
            for path in sorted((folder / "sections").glob("*.md.j2")):
                topic_id = path.name.removesuffix(".md.j2")
                if topic_id != "default" and topic_id not in ids:
                    ids.append(topic_id)
    return ids


def _other_templates(user_templates: Path | None) -> list[Path]:
    """The user's template files that no build renders by name (partials, macros)."""
    if user_templates is None:
        return []
    return sorted(
        path
        for path in user_templates.rglob("*.j2")
        if path.relative_to(user_templates).as_posix() not in TEMPLATE_NAMES
        and path.parent != user_templates / "sections"
    )


# --- the sample brief ------------------------------------------------------------------

SAMPLE_DATE = dt.date(2026, 11, 23)

# Four short articles written for this sample (the project's own text, no one else's):
# title, date, URL, sentences.
_SAMPLE_ARTICLES: tuple[tuple[str, dt.date | None, str | None, tuple[str, ...]], ...] = (
    (
        "Ministers meet in Kyiv",
        dt.date(2026, 11, 22),
        "https://example.org/kyiv-ministers",
        (
            "Foreign ministers met in Kyiv on Sunday to discuss grain exports.",
            "A second round of talks is planned for December.",
        ),
    ),
    (
        "Envoy to visit Washington",
        dt.date(2026, 11, 21),
        None,
        (
            "The envoy will visit Washington next week for consultations.",
            "Officials said the talks would cover sanctions.",
        ),
    ),
    (
        "Markup in <b>a title</b> stays text",
        None,
        None,
        ("A sentence with <script>markup</script> and *stars* is shown as text.",),
    ),
    (  # read, not cited: the sources list counts it
        "Rain forecast for the weekend",
        dt.date(2026, 11, 22),
        None,
        ("Rain is expected across the region on Saturday.",),
    ),
)


def _sample_article(index: int) -> tuple[Article, list[Sentence]]:
    title, date, url, texts = _SAMPLE_ARTICLES[index]
    article = Article(
        id=f"sample-{index + 1}",
        title=title,
        date=date,
        path=Path(f"sample/article-{index + 1}.txt"),
        paragraphs=(" ".join(texts),),
        url=url,
        source="Sample News",
    )
    sentences, start = [], 0
    for number, text in enumerate(texts):
        sentences.append(
            Sentence(text, article.id, number, 0, start, start + len(text), tokenize(text))
        )
        start += len(text) + 1
    return article, sentences


def _sample_story(section: Section, also_in: Sequence[str]) -> Story:
    headline, *facts = section.items
    keys = sorted(f"{i.sentence.article_id}:{i.sentence.index}" for i in section.items)
    sources = tuple(dict.fromkeys(sid for i in section.items for sid in i.source_ids))
    return Story(
        id=hashlib.sha1("|".join(keys).encode()).hexdigest()[:12],
        headline=headline,
        items=tuple(facts),
        sources=sources,
        outlets=len(sources),
        first_reported=dt.date(2026, 11, 21),
        topic=section.id,
        also_in=tuple(also_in),
    )


def sample_brief(topics: Sequence[tuple[str, str]], empty: bool = False) -> Brief:
    """A small brief with one section per (id, title), for checking templates.

    It has what real briefs have: a fact cited by two sources, a dated and an
    undated source, a source with a URL, a source read and not cited, article
    text with markup in it, a section told as a story (pointed to from the
    next section) and sections of plain items.
    ``empty`` gives a brief with nothing in it, as on a quiet day.
    """
    made = [_sample_article(i) for i in range(len(_SAMPLE_ARTICLES))]
    articles = [article for article, _ in made]
    sentences = [sentence for _, article_sentences in made for sentence in article_sentences]
    ids = [a.id for a in articles]
    items = [
        Item(sentences[0], 0.9, (ids[0], ids[1])),
        Item(sentences[2], 0.8, (ids[1],)),
        Item(sentences[1], 0.7, (ids[0],)),
        Item(sentences[3], 0.6, (ids[1],)),
        Item(sentences[4], 0.5, (ids[2],)),
    ]
    # Section items carry an event, as outlook rows do; other section templates ignore it.
    events = {
        2: Event("second round of talks", "2026-12", "December", ("Foreign ministers",),
                 "Kyiv", "planned"),
        3: Event("talks", None, None, (), None, "expected"),
        4: Event("<b>markup</b> talks", "2026-11-01", "1 November", ("A <i>name</i>",),
                 None, "date passed"),
    }  # fmt: skip
    items = [replace(item, event=events.get(n)) for n, item in enumerate(items)]
    sections = [
        Section(topic_id, title, () if empty else (items[2 + n % 2], items[4]))
        for n, (topic_id, title) in enumerate(topics)
    ]
    if sections and not empty:
        # The first section tells its items as a story (headline, a fact, the source line);
        # the second topic, if any, points to it. Later sections keep the flat list.
        story = _sample_story(sections[0], [t for t, _ in topics[1:2]])
        sections[0] = replace(sections[0], stories=(story,))
    return Brief(
        title="Daily Brief",
        date=SAMPLE_DATE,
        bluf=() if empty else tuple(items[:2]),
        sections=tuple(sections),
        sources=() if empty else tuple(Source(n, a) for n, a in enumerate(articles, start=1)),
        method="lex-rank",
    )
