"""A small typed reader for environment variables.

Only ``config.settings.base`` reads the environment, and it does so through
this helper, so every setting that comes from outside is visible in one file.
The helper also remembers which variables were actually provided, so that
``production`` can refuse to start when a required one is missing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nej", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        self.provided: set[str] = set()

    def _raw(self, name: str) -> str | None:
        value = self._environ.get(name)
        if value is not None and value != "":
            self.provided.add(name)
            return value
        return None

    def str(self, name: str, default: str = "") -> str:
        value = self._raw(name)
        return default if value is None else value

    def int(self, name: str, default: int = 0) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ValueError(f"{name} must be an integer, got {value!r}") from exc

    def bool(self, name: str, default: bool = False) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"{name} must be a boolean (true/false), got {value!r}")

    def list(self, name: str, default: list[str] | None = None, sep: str = ",") -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(sep) if item.strip()]

    def dict(self, name: str, default: dict[str, str] | None = None) -> dict[str, str]:
        """Parse ``key=value;key2=value2`` into a dict."""
        value = self._raw(name)
        if value is None:
            return dict(default or {})
        result: dict[str, str] = {}
        for pair in value.split(";"):
            if "=" in pair:
                key, _, val = pair.partition("=")
                result[key.strip()] = val.strip()
        return result


env = Env()
