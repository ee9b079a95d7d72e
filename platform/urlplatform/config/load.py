"""Loads profile data files into typed models, turning every error into one actionable line."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from urlplatform.config.model import Profile

PROFILES_DIR = Path(__file__).resolve().parents[2] / "profiles"


class ConfigError(ValueError):
    """A profile is unreadable or invalid; str() is one line naming file and field."""


def profile_names() -> list[str]:
    """Names of the committed profiles (`homelab`, `kind`)."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def load_profile(name: str) -> Profile:
    """Load a committed profile by name."""
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(f"profile {name!r} not found; choose one of {', '.join(profile_names())}")
    return load_profile_file(path)


def load_profile_file(path: Path) -> Profile:
    """Load and validate one profile file."""
    try:
        data = yaml.safe_load(Path(path).read_text())
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level must be a mapping of profile fields")
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{path}: {_describe(e.errors()[0])}") from None


def _describe(err: dict) -> str:
    field = ".".join(str(p) for p in err["loc"]) or "<profile>"
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"{field}: unknown key; remove it or fix its spelling"
    if kind == "missing":
        return f"{field}: required key is missing; add it"
    msg = err["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        return f"{field}: {err['input']!r} does not match {err['ctx']['pattern']}; fix the value"
    return f"{field}: {msg}"
