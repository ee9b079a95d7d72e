"""PromQL generated from the SLO spec: Sloth-style recording rules, multi-window multi-burn-rate alerts,
error budget remaining, and the per-window burn-rate expressions the dashboard shows (one definition).

Bad events come from Istio's destination-side standard metrics, split by route with the `shlink_route`
tag that the platform's Telemetry adds from `ROUTE_CEL` (see `route_tag_overrides`)."""

from __future__ import annotations

from dataclasses import dataclass

from slospec.model import PERIOD, Slo, SloSpec

# Sloth's standard windows; the last one is the SLO period.
WINDOWS = ("5m", "30m", "1h", "2h", "6h", "1d", "3d", PERIOD)
ROUTE_LABEL = "shlink_route"
# Envoy CEL over request attributes, evaluated by Istio's stats filter for every request it reports.
ROUTE_CEL = ("request.url_path.startsWith('/rest/') ? "
             "((request.method == 'POST' && request.url_path.endsWith('/short-urls')) ? 'create' : 'api') "
             ": 'redirect'")
REQUESTS = "istio_requests_total"
DURATION = "istio_request_duration_milliseconds"


@dataclass(frozen=True)
class BurnAlert:
    """Google SRE Workbook, "Alerting on SLOs", table 5-8: alert when both windows burn faster than `factor`."""

    severity: str  # critical pages, warning opens a ticket
    factor: float
    long: str
    short: str


BURN_ALERTS = (BurnAlert("critical", 14.4, "1h", "5m"), BurnAlert("critical", 6, "6h", "30m"),
               BurnAlert("warning", 3, "1d", "2h"), BurnAlert("warning", 1, "3d", "6h"))
SEVERITY_MEANS = {"critical": "page", "warning": "ticket"}


def _camel(name: str) -> str:
    return "".join(p.capitalize() for p in name.split("-"))


def alert_name(spec: SloSpec, slo: Slo) -> str:
    return f"{_camel(spec.service)}{_camel(slo.name)}BudgetBurn"


def _labels(spec: SloSpec, slo: Slo) -> str:
    return f'service="{spec.service}",slo="{slo.name}"'


def _events(slo: Slo, selector: str, window: str) -> tuple[str, str]:
    """(bad events/s, all events/s) over `window` from the raw Istio series."""
    sel = f'{selector},{ROUTE_LABEL}="{slo.sli.route}"'
    if slo.sli.kind == "availability":
        return (f'sum(rate({REQUESTS}{{{sel},response_code=~"5.."}}[{window}]))',
                f"sum(rate({REQUESTS}{{{sel}}}[{window}]))")
    total = f"sum(rate({DURATION}_count{{{sel}}}[{window}]))"
    good = f'sum(rate({DURATION}_bucket{{{sel},le="{slo.sli.threshold_ms:g}"}}[{window}]))'
    return f"({total} - {good})", total


def recorded(spec: SloSpec, slo: Slo, window: str) -> str:
    """The recorded SLI error ratio of one SLO over one window, as a selector."""
    return f"slo:sli_error:ratio_rate{window}{{{_labels(spec, slo)}}}"


def burn_rate(spec: SloSpec, slo: Slo, window: str) -> str:
    """How many times faster than the budget allows the SLO burns over `window` (1 = exactly on budget)."""
    return f"{recorded(spec, slo, window)} / {slo.error_budget:g}"


def objective(spec: SloSpec, slo: Slo) -> str:
    return f"slo:objective:ratio{{{_labels(spec, slo)}}}"


def budget_remaining(spec: SloSpec, slo: Slo) -> str:
    return f"slo:period_error_budget_remaining:ratio{{{_labels(spec, slo)}}}"


def recording_rules(spec: SloSpec, slo: Slo, *, selector: str) -> list[dict]:
    """SLI error ratio for every window, the period's 5m event rates, objective and budget remaining.

    The period ratio is the sum of the recorded 5m bad-event rates over the sum of the 5m total rates
    (traffic-weighted; an idle 5m window adds 0/0 to neither sum, where averaging 5m ratios would
    turn the whole period into NaN)."""
    labels = {"service": spec.service, "slo": slo.name}
    out = []
    bad5, total5 = _events(slo, selector, "5m")
    out.append({"record": "slo:sli_error_events:rate5m", "expr": bad5, "labels": labels})
    out.append({"record": "slo:sli_total_events:rate5m", "expr": total5, "labels": labels})
    for w in WINDOWS:
        if w == PERIOD:
            sel = _labels(spec, slo)
            expr = (f"sum_over_time(slo:sli_error_events:rate5m{{{sel}}}[{w}]) / "
                    f"sum_over_time(slo:sli_total_events:rate5m{{{sel}}}[{w}])")
        else:
            bad, total = _events(slo, selector, w)
            expr = f"{bad} / {total}"
        out.append({"record": f"slo:sli_error:ratio_rate{w}", "expr": expr, "labels": labels})
    out.append({"record": "slo:objective:ratio", "expr": f"vector({slo.target:g})", "labels": labels})
    out.append({"record": "slo:period_error_budget_remaining:ratio",
                "expr": f"1 - {recorded(spec, slo, PERIOD)} / {slo.error_budget:g}", "labels": labels})
    return out


def burn_condition(spec: SloSpec, slo: Slo, a: BurnAlert) -> str:
    return f"({burn_rate(spec, slo, a.long)} > {a.factor:g} and {burn_rate(spec, slo, a.short)} > {a.factor:g})"


def alert_rules(spec: SloSpec, slo: Slo, *, runbook_url: str) -> list[dict]:
    """One page (critical) and one ticket (warning) rule per SLO, each an `or` of its two window pairs."""
    out = []
    for severity in ("critical", "warning"):
        pairs = [a for a in BURN_ALERTS if a.severity == severity]
        expr = " or ".join(burn_condition(spec, slo, a) for a in pairs)
        windows = " or ".join(f"{a.factor:g}x over {a.long} and {a.short}" for a in pairs)
        out.append({
            "alert": alert_name(spec, slo), "expr": expr,
            "labels": {"severity": severity, "service": spec.service, "slo": slo.name},
            "annotations": {
                "summary": f"{spec.service} SLO {slo.name} ({slo.target:.4g} over {spec.window}) burns its error "
                           f"budget too fast ({SEVERITY_MEANS[severity]}: {windows})",
                "description": f"{slo.description} Owner: {slo.owner}.",
                "runbook_url": runbook_url,
            }})
    return out


def route_tag_overrides() -> dict:
    """Istio Telemetry `metrics` entry that adds the route tag to the request count and duration metrics."""
    tag = {ROUTE_LABEL: {"operation": "UPSERT", "value": ROUTE_CEL}}
    return {"overrides": [{"match": {"metric": m, "mode": "SERVER"}, "tagOverrides": tag}
                          for m in ("REQUEST_COUNT", "REQUEST_DURATION")]}
