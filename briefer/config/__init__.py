"""Configuration: packaged defaults, then the user's TOML file, then CLI flags.

The defaults live in ``briefer/config/defaults.toml`` inside the package. A user file
(``briefer.toml`` in the working folder, or ``--config FILE``) overrides only
the keys it sets; an unknown key is an error that names the key and the file,
so a typo is never silently ignored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from briefer.config.table import DEFAULTS_NAME, Table
from briefer.errors import ConfigError

__all__ = ["DEFAULTS_NAME", "Config", "Table", "TopicConfig", "load_config"]

DEFAULT_CONFIG_NAME = "briefer.toml"

#: Ranking methods (briefer.rank): briefer's own, the fast sparse LexRank,
#: TextRank and Reduction, the lead baseline, then sumy's summarizers. Kept here as plain
#: names so the CLI's --help needs no heavy import.
METHODS = (
    "brief",
    "lex-rank",
    "text-rank",
    "reduction",
    "lead",
    "sumy-lex-rank",
    "sumy-text-rank",
    "sumy-reduction",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sum-basic",
    "random",
)


@dataclass(frozen=True)
class TopicConfig:
    """One section of the brief and the words that mark its sentences."""

    id: str
    title: str
    terms: tuple[str, ...]
    sentences: int | None = None  # facts under each story's headline; None: the brief's default
    stories: int | None = None  # stories in the section; None: the brief's default
    future_only: bool = False  # only planned or expected events belong here
    # Words that mark the topic only right after a sentence that named it
    # ("the crisis" after "talks on Ukraine").
    context_terms: tuple[str, ...] = ()
    # Words of the topic's field: an article is about the topic only when it uses some of them
    # (an article naming the United States with no word of diplomacy is not US relations).
    about: tuple[str, ...] = ()
    # Words that make an article not about the topic when its title or lede uses them
    # (a tennis match in Kyiv is sport).
    exclude_terms: tuple[str, ...] = ()
    # Kinds of names a sentence must also carry: "country" (a state or its people, other
    # than those the topic's own terms name): relations are between two parties;
    # "counterpart": such a state named as a party (briefer.topics.salience).
    entities: tuple[str, ...] = ()


#: The kinds of names a topic's ``entities`` may ask for.
ENTITY_KINDS = ("country", "counterpart")


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know besides its inputs and date."""

    title: str = "Daily Brief"
    method: str = "brief"
    sentences: int = 3  # supporting facts under each story's headline
    stories: int = 3  # stories per section
    bluf_sentences: int = 3
    duplicate_threshold: float = 0.55
    repeat: str = "mark"  # facts the previous brief reported: "mark" or "drop"
    templates: Path | None = None
    output_dir: Path = Path("output")
    topics: tuple[TopicConfig, ...] = field(default_factory=tuple)
    # Tables that other stages read and check themselves ([email], [sources]):
    # the user's keys override the defaults' keys one by one.
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The file each table's keys came from last, for error messages.
    table_files: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> dict[str, Any]:
        """A configuration table such as ``email`` (empty if never set)."""
        return dict(self.tables.get(name, {}))

    def read_table(self, name: str, keys: Collection[str], **options: Any) -> Table:
        """The merged table ``name``, checked against its declared ``keys``."""
        return Table(
            name, self.table(name), self.table_files.get(name, DEFAULTS_NAME), keys, **options
        )

    def sentences_for(self, topic: TopicConfig) -> int:
        return topic.sentences if topic.sentences is not None else self.sentences

    def stories_for(self, topic: TopicConfig) -> int:
        return topic.stories if topic.stories is not None else self.stories

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the given (non-None) settings replaced and checked."""
        changes = {key: value for key, value in overrides.items() if value is not None}
        config = replace(self, **changes)
        _check(config, "command line")
        return config


_BRIEF_KEYS = {f.name for f in fields(Config)} - {"topics", "tables", "table_files"}
#: Tables parsed by the stage that uses them; config only merges them.
STAGE_TABLES = ("email", "sources", "document", "outlook", "timeline", "daily", "run")
_TOPIC_KEYS = {f.name for f in fields(TopicConfig)}


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Read the packaged defaults, then ``path`` (or ``briefer.toml`` in ``cwd`` if present)."""
    defaults = (
        resources.files("briefer.config").joinpath("defaults.toml").read_text(encoding="utf-8")
    )
    data = _parse(defaults, DEFAULTS_NAME)
    config = _build(data, DEFAULTS_NAME, base=Config())
    if path is None:
        candidate = (cwd or Path.cwd()) / DEFAULT_CONFIG_NAME
        path = candidate if candidate.is_file() else None
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"Cannot read config file {path}: {error.strerror}") from error
        config = _build(_parse(text, str(path)), str(path), base=config, relative_to=path.parent)
    return config


def _parse(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: invalid TOML: {error}") from error


def _build(
    data: dict[str, Any], name: str, base: Config, relative_to: Path | None = None
) -> Config:
    for key in data:
        if key not in ("brief", "topics", *STAGE_TABLES):
            raise ConfigError(f"{name}: unknown key {key!r}")
    brief = data.get("brief", {})
    if not isinstance(brief, dict):
        raise ConfigError(f"{name}: [brief] must be a table")
    for key in brief:
        if key not in _BRIEF_KEYS:
            raise ConfigError(f"{name}: unknown key 'brief.{key}'")
    changes: dict[str, Any] = dict(brief)
    for key in ("templates", "output_dir"):
        if key in changes:
            changes[key] = _path_setting(changes[key], f"brief.{key}", name, relative_to)
    templates = changes.get("templates")
    if templates is not None and not templates.is_dir():
        # --templates rejects a missing folder; the file's setting must not be quieter.
        raise ConfigError(f"{name}: 'brief.templates' = {str(templates)!r} is not a folder")
    if "topics" in data:
        changes["topics"] = tuple(_topic(t, i, name) for i, t in enumerate(data["topics"]))
    tables = {table: dict(values) for table, values in base.tables.items()}
    table_files = dict(base.table_files)
    for table in STAGE_TABLES:
        if table in data:
            if not isinstance(data[table], dict):
                raise ConfigError(f"{name}: [{table}] must be a table")
            tables.setdefault(table, {}).update(data[table])
            table_files[table] = name
    changes["tables"] = tables
    changes["table_files"] = table_files
    try:
        config = replace(base, **changes)
    except TypeError as error:  # pragma: no cover - keys were checked above
        raise ConfigError(f"{name}: {error}") from error
    _check(config, name)
    return config


def _path_setting(value: Any, key: str, name: str, relative_to: Path | None) -> Path | None:
    if not isinstance(value, str):
        raise ConfigError(f"{name}: '{key}' must be a string")
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() or relative_to is None else relative_to / path


def _topic(data: Any, index: int, name: str) -> TopicConfig:
    where = f"{name}: topics[{index}]"
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a table")
    for key in data:
        if key not in _TOPIC_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}")
    for key in ("id", "title", "terms"):
        if key not in data:
            raise ConfigError(f"{where}: missing key {key!r}")
    terms = _strings(data["terms"], f"{where}: 'terms'")
    if not terms:
        raise ConfigError(f"{where}: 'terms' must not be empty")
    if not isinstance(data["id"], str) or not data["id"].strip():
        raise ConfigError(f"{where}: 'id' must be a non-empty string")
    return TopicConfig(
        id=data["id"],
        title=str(data["title"]),
        terms=tuple(terms),
        sentences=data.get("sentences"),
        stories=data.get("stories"),
        future_only=bool(data.get("future_only", False)),
        context_terms=tuple(_strings(data.get("context_terms", []), f"{where}: 'context_terms'")),
        about=tuple(_strings(data.get("about", []), f"{where}: 'about'")),
        exclude_terms=tuple(_strings(data.get("exclude_terms", []), f"{where}: 'exclude_terms'")),
        entities=tuple(_entity_kinds(data.get("entities", []), where)),
    )


def _entity_kinds(value: Any, where: str) -> list[str]:
    kinds = _strings(value, f"{where}: 'entities'")
    for kind in kinds:
        if kind not in ENTITY_KINDS:
            raise ConfigError(
                f"{where}: unknown entity kind {kind!r} in 'entities' "
                f"(choose from {', '.join(ENTITY_KINDS)})"
            )
    return kinds


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _check(config: Config, name: str) -> None:
    """Reject values no build could use, naming the setting."""
    if config.method not in METHODS:
        raise ConfigError(
            f"{name}: unknown method {config.method!r} (choose from {', '.join(METHODS)})"
        )
    for key in ("sentences", "stories", "bluf_sentences"):
        value = getattr(config, key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{name}: 'brief.{key}' must be a whole number >= 0")
    threshold = config.duplicate_threshold
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ConfigError(f"{name}: 'brief.duplicate_threshold' must be between 0 and 1")
    if config.repeat not in ("mark", "drop"):
        raise ConfigError(f'{name}: \'brief.repeat\' must be "mark" or "drop"')
    if not config.topics:
        raise ConfigError(f"{name}: no topics configured")
    seen: set[str] = set()
    for topic in config.topics:
        if topic.id in seen:
            raise ConfigError(f"{name}: topic id {topic.id!r} is used twice")
        seen.add(topic.id)
        for key in ("sentences", "stories"):
            value = getattr(topic, key)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise ConfigError(f"{name}: topic {topic.id!r}: '{key}' must be >= 0")
