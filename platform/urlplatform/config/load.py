"""Loads profile data files into typed models, turning every error into one actionable line.

A profile may start with `extends: <other profile>`: it then states only how it differs. Mappings
merge key by key (the overlay wins); lists and scalars are replaced whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from urlplatform.config.model import Profile

PROFILES_DIR = Path(__file__).resolve().parents[2] / "profiles"
EXTENDS = "extends"


class ConfigError(ValueError):
    """A profile is unreadable or invalid; str() is one line naming file and field."""


def profile_names() -> list[str]:
    """Names of the committed profiles (`homelab`, `kind`)."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def load_profile(name: str) -> Profile:
    """Load a committed profile by name."""
    return load_profile_file(_profile_path(name))


def load_profile_file(path: Path) -> Profile:
    """Load and validate one profile file (resolving `extends`)."""
    return validate_profile(Path(path), resolve_profile_data(Path(path)))


def validate_profile(path: Path, data: dict[str, Any]) -> Profile:
    """Validate already-merged profile data; every error is reported, on one line."""
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{path}: {'; '.join(_describe(err) for err in e.errors())}") from None


def resolve_profile_data(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The profile's raw mapping with its `extends` chain merged in (overlay wins)."""
    data = _read_mapping(path)
    base_name = data.pop(EXTENDS, None)
    if base_name is None:
        return data
    if not isinstance(base_name, str):
        raise ConfigError(f"{path}: {EXTENDS}: must be the name of another profile")
    base_path = _profile_path(base_name, referrer=path)
    if base_path.resolve() in _seen or base_path.resolve() == path.resolve():
        raise ConfigError(f"{path}: {EXTENDS}: cycle through profile {base_name!r}")
    base = resolve_profile_data(base_path, (*_seen, path.resolve()))
    return merge_overlay(base, data)


def merge_overlay(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge mappings; anything else in `overlay` replaces the base value."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_overlay(merged[key], value)
        else:
            merged[key] = value
    return merged


def _profile_path(name: str, referrer: Path | None = None) -> Path:
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        where = f"{referrer}: {EXTENDS}: " if referrer else ""
        raise ConfigError(f"{where}profile {name!r} not found; choose one of {', '.join(profile_names())}")
    return path


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text())
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level must be a mapping of profile fields")
    return data


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
