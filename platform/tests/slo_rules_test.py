"""The SLO spec as rendered: Sloth-style recording rules for every window, the workbook's burn-rate table,
the route tag the rules select on, and an SLO dashboard that queries exactly what the rules record."""

import json
import re

import pytest
from rendered import objects, one

from slospec.model import load_spec

from urlplatform.config import profile_names

SPEC = load_spec()
WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]
# Google SRE Workbook, "Alerting on SLOs", recommended multiwindow multi-burn-rate parameters.
WORKBOOK = {("critical", 14.4, "1h", "5m"), ("critical", 6.0, "6h", "30m"),
            ("warning", 3.0, "1d", "2h"), ("warning", 1.0, "3d", "6h")}
PAIR = re.compile(r"slo:sli_error:ratio_rate(\w+)\{[^}]*\} / ([\d.]+) > ([\d.]+) and "
                  r"slo:sli_error:ratio_rate(\w+)\{[^}]*\} / ([\d.]+) > ([\d.]+)")


def _rules(profile="homelab"):
    return [r for g in one("observability", "PrometheusRule", "url-shortener", profile)["spec"]["groups"]
            for r in g["rules"]]


@pytest.mark.parametrize("profile", profile_names())
def test_every_slo_records_every_window_with_slo_and_service_labels(profile):
    recorded = {(r["record"], r["labels"]["slo"], r["labels"]["service"]) for r in _rules(profile) if "record" in r}
    for s in SPEC.slos:
        for w in WINDOWS:
            assert (f"slo:sli_error:ratio_rate{w}", s.name, "shlink") in recorded
        assert ("slo:period_error_budget_remaining:ratio", s.name, "shlink") in recorded


def test_burn_rate_alerts_follow_the_workbook_table():
    for s in SPEC.slos:
        pairs = set()
        for r in _rules():
            if "alert" in r and r["labels"].get("slo") == s.name:
                for long_w, b1, f1, short_w, b2, f2 in PAIR.findall(r["expr"]):
                    assert b1 == b2 and float(b1) == pytest.approx(1 - s.target) and f1 == f2
                    pairs.add((r["labels"]["severity"], float(f1), long_w, short_w))
        assert pairs == WORKBOOK, s.name


def test_latency_rules_select_the_spec_threshold_bucket_and_routes_exist_in_the_telemetry():
    tele = one("mesh", "Telemetry", "shlink-slo-routes")["spec"]["metrics"][0]["overrides"]
    assert {o["match"]["metric"] for o in tele} == {"REQUEST_COUNT", "REQUEST_DURATION"}
    tags = [o["tagOverrides"] for o in tele]
    (label,) = set(k for t in tags for k in t)
    cel = tags[0][label]["value"]
    for s in SPEC.slos:
        exprs = [r["expr"] for r in _rules() if r.get("labels", {}).get("slo") == s.name and "record" in r]
        assert any(f'{label}="{s.sli.route}"' in e for e in exprs)
        assert f"'{s.sli.route}'" in cel  # the CEL expression can produce the route the rules select
        if s.sli.kind == "latency":
            assert any(f'le="{s.sli.threshold_ms:g}"' in e for e in exprs)
    assert "'/rest/'" in cel and "'POST'" in cel and "'/short-urls'" in cel


def test_slo_dashboard_queries_only_what_the_rules_record_and_compare():
    cm = one("observability", "ConfigMap", "dashboard-shlink-slos")
    dash = json.loads(cm["data"]["shlink-slos.json"])
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    rules = _rules()
    recorded = {r["record"] for r in rules if "record" in r}
    alert_text = " ".join(r["expr"] for r in rules if "alert" in r)
    for e in exprs:
        for name in re.findall(r"(slo:[a-z_:0-9]+)\{", e):
            assert name in recorded, e
        assert "istio_" not in e, "the dashboard reads recorded series, never raw Istio metrics"
        if " / " in e and not e.endswith("30d"):
            burn_window = re.search(r"ratio_rate(\w+)\{", e).group(1)
            if burn_window != "30d":
                assert e in alert_text, f"burn rate differs from the alerts': {e}"
    titles = [p["title"] for p in dash["panels"]]
    for s in SPEC.slos:
        assert any(t.startswith(f"{s.name}: SLI") for t in titles)
        assert any(t.startswith(f"{s.name}: error budget remaining") for t in titles)
        burn = next(p for p in dash["panels"] if p["title"].startswith(f"{s.name}: burn rate"))
        assert [t["legendFormat"] for t in burn["targets"]] == WINDOWS


def test_slo_dashboard_is_picked_up_by_the_grafana_sidecar():
    from urlplatform.components import kube_prometheus_stack
    from urlplatform.config import load_profile

    sidecar = kube_prometheus_stack.values(load_profile("homelab"))["grafana"]["sidecar"]["dashboards"]
    cm = one("observability", "ConfigMap", "dashboard-shlink-slos")
    assert cm["metadata"]["labels"][sidecar["label"]] == sidecar["labelValue"]
    assert objects("observability", "ConfigMap")
