"""Every alert rendered (both profiles) carries runbook_url -> docs/runbooks/<alert>.md, and that file exists
with what the on-call needs: meaning, a confirm query using the alert's own metrics, first actions, escalation."""

import re
from pathlib import Path

import pytest
from rendered import objects

from urlplatform.config import load_profile, profile_names

RUNBOOKS = Path(__file__).resolve().parents[2] / "docs" / "runbooks"
SECTIONS = ("## Meaning", "## Confirm", "## First actions", "## Escalation")


def _alerts(profile: str) -> dict[str, str]:
    """alert name -> expr, for every alert rule rendered in `profile` (one expr per name is enough)."""
    return {r["alert"]: r["expr"] for o in objects(kind="PrometheusRule", profile=profile)
            for g in o["spec"]["groups"] for r in g["rules"] if "alert" in r}


KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "offset", "bool", "group_left", "group_right"}


def _metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression: identifiers outside {matchers} and [ranges], not called as functions."""
    bare = re.sub(r'\{[^}]*\}|\[[^]]*\]|"[^"]*"', " ", expr)
    return {m for m in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:]*\s*\()", bare)
            if m not in KEYWORDS and ("_" in m or ":" in m)}


@pytest.mark.parametrize("profile", profile_names())
def test_every_alert_links_its_runbook(profile):
    gitops = load_profile(profile).gitops
    for o in objects(kind="PrometheusRule", profile=profile):
        for g in o["spec"]["groups"]:
            for r in g["rules"]:
                if "alert" in r:
                    url = r["annotations"]["runbook_url"]
                    assert url == (f"{gitops.repo_url.removesuffix('.git')}/blob/{gitops.revision}/"
                                   f"docs/runbooks/{r['alert']}.md"), url


@pytest.mark.parametrize("profile", profile_names())
def test_every_alert_has_a_runbook_file_with_all_sections(profile):
    missing = [a for a in _alerts(profile) if not (RUNBOOKS / f"{a}.md").is_file()]
    assert not missing, f"alerts without docs/runbooks/<alert>.md: {missing}"
    for alert, expr in _alerts(profile).items():
        text = (RUNBOOKS / f"{alert}.md").read_text()
        assert text.startswith(f"# {alert}\n"), alert
        for section in SECTIONS:
            assert section in text, f"{alert}: no '{section}'"
        confirm = text.split("## Confirm", 1)[1].split("\n## ", 1)[0]
        queries = re.findall(r"```promql\n(.*?)```", confirm, re.S)
        assert queries, f"{alert}: the Confirm section has no ```promql block"
        used = _metric_names(expr)
        assert _metric_names(" ".join(queries)) & used, f"{alert}: confirm query uses none of {used}"


def test_no_orphan_runbooks():
    names = set(_alerts("homelab"))
    orphans = [p.stem for p in RUNBOOKS.glob("*.md") if p.stem not in names and p.stem != "README"]
    assert not orphans, f"runbooks for alerts that no longer exist: {orphans}"
