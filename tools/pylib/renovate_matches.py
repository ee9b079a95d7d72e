"""What Renovate's regex custom managers extract, read the way Renovate applies them: every match of every
`matchStrings` entry, as a JavaScript regex with only the `g` flag (no inline flags), in each file one of the
manager's `managerFilePatterns` (`/regex/`) matches (renovatebot/renovate@44.39.2:
lib/modules/manager/custom/regex/index.ts, utils.ts). Tests use it to prove a pin is moved, and from one place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path


def load_config(path: Path = Path("renovate.json")) -> dict:
    return json.loads(path.read_text())


def py_regex(js: str) -> str:
    """A matchString as a Python regex: named groups `(?<x>` become `(?P<x>`; inline flags are not Renovate's."""
    assert "(?m)" not in js and "(?i)" not in js, f"Renovate matchStrings take no inline flags: {js}"
    return js.replace("(?<", "(?P<")


def manages(manager: dict, path: str) -> bool:
    """Whether one of the manager's `managerFilePatterns` matches the repository-relative `path`."""
    return any(re.search(p.strip("/"), path) for p in manager["managerFilePatterns"])


def matches(manager: dict, text: str) -> Iterator[re.Match]:
    """Every match of every matchString of the manager in `text`."""
    for s in manager["matchStrings"]:
        yield from re.finditer(py_regex(s), text)
