"""One validator for every configuration table.

Each stage declares the keys of its table and reads them through ``Table``, so
every setting is checked the same way: an unknown key, a wrong type or a value
out of range is a ``ConfigError`` that names the key and the file it came from.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from briefer.errors import ConfigError

#: How error messages name the packaged defaults.
DEFAULTS_NAME = "briefer/config/defaults.toml"
#: What a user is told to edit when a required setting is missing from the defaults.
USER_FILE = "briefer.toml (or --config FILE)"


def has_line_break(value: str) -> bool:
    return any(ch in value for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


class Table:
    """The merged keys of one table (``[email]``, ``[sources]``, ...) and where they came from."""

    def __init__(
        self,
        name: str,
        values: dict[str, Any],
        source: str,
        keys: Collection[str],
        *,
        refused: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.values = values
        self.source = source
        for key in values:
            if refused and key in refused:
                raise ConfigError(f"{source}: '{name}.{key}' {refused[key]}")
            if key not in keys:
                raise ConfigError(f"{source}: unknown key '{name}.{key}'")

    @property
    def folder(self) -> Path | None:
        """The folder relative paths are read from (None for the packaged defaults)."""
        return None if self.source == DEFAULTS_NAME else Path(self.source).parent

    def error(self, key: str, problem: str) -> ConfigError:
        if self.folder is None:  # the packaged defaults: the user set nothing
            return ConfigError(
                f"'{self.name}.{key}' {problem}: set it under [{self.name}] in {USER_FILE}"
            )
        return ConfigError(f"{self.source}: '{self.name}.{key}' {problem}")

    def get(self, key: str, default: Any) -> Any:
        return self.values.get(key, default)

    def text(self, key: str, default: str, *, required: bool = False, one_line: bool = True) -> str:
        value = self.values.get(key, default)
        if not isinstance(value, str):
            raise self.error(key, "must be a string")
        if one_line and has_line_break(value):
            raise self.error(key, "must not contain a line break")
        if required and not value.strip():
            raise self.error(key, "must not be empty")
        return value.strip()

    def boolean(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise self.error(key, f"must be one of {', '.join(choices)} (not {value!r})")
        return value

    def integer(self, key: str, default: int, minimum: int, maximum: int | None = None) -> int:
        value = self.values.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(key, "must be a whole number")
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
            raise self.error(key, f"must be {bound}")
        return value

    def number(
        self, key: str, default: float, minimum: float, unit: str = "a number of seconds"
    ) -> float:
        value = self.values.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum:
            raise self.error(key, f"must be {unit} >= {minimum:g}")
        return float(value)

    def positive(self, key: str, default: float) -> float:
        value = self.values.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise self.error(key, "must be a number above 0")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.values.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "must be a list of strings")
        return value

    def path(self, key: str) -> Path | None:
        value = self.text(key, "")
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() or self.folder is None else self.folder / path
