"""Renovate may move dependencies, but not the Bazel this repo is tested with."""

import json
from pathlib import Path

CONFIG = json.loads(Path("renovate.json").read_text())


def test_bazelisk_manager_is_disabled():
    """Renovate's `bazelisk` manager bumps .bazelversion (renovatebot/renovate@44.39.2:
    lib/modules/manager/bazelisk/index.ts, managerFilePatterns `(^|/)\\.bazelversion$`); a newer Bazel drops
    WORKSPACE (9.0) and the native py_* rules, so a bot PR would break both paths."""
    rules = [r for r in CONFIG.get("packageRules", []) if "bazelisk" in r.get("matchManagers", [])]
    assert rules and all(r.get("enabled") is False for r in rules)


def test_actions_pinned_to_digests_with_semver_comments():
    """helpers:pinGitHubActionDigestsToSemver (renovatebot/renovate@44.39.2:
    lib/config/presets/internal/helpers.preset.ts) keeps `uses: owner/repo@SHA # vX.Y.Z` pins moving."""
    assert "helpers:pinGitHubActionDigestsToSemver" in CONFIG["extends"]


def test_no_deprecated_file_match():
    """`fileMatch` is deprecated and migrated to `managerFilePatterns` (renovatebot/renovate@44.39.2:
    lib/config/migrations/custom/file-match-migration.ts); patterns are regexes wrapped in slashes."""
    text = json.dumps(CONFIG)
    assert '"fileMatch"' not in text
    managers = [CONFIG[k] for k in ("pip-compile", "pip_requirements")] + CONFIG["customManagers"]
    for m in managers:
        assert all(p.startswith("/") and p.endswith("/") for p in m["managerFilePatterns"]), m
