"""verdict.md: every SLO threshold with its measured value and pass/fail, from k6's summary data."""

from __future__ import annotations

import re

from k6harness.model import derive_rates


def metric_value(summary: dict, metric: str, stat: str) -> float | None:
    """One statistic of one (sub)metric in k6's summary data; None when k6 did not report it."""
    return summary.get("metrics", {}).get(metric, {}).get("values", {}).get(stat)


def measured(summary: dict, metric: str, expression: str) -> float | None:
    """The statistic a threshold expression such as `p(95)<500` tests."""
    stat = re.match(r"^([a-z]+(?:\([\d.]+\))?)", expression).group(1)
    return metric_value(summary, metric, stat)


def threshold_rows(summary: dict) -> list[tuple[str, str, float | None, bool]]:
    """(metric, expression, measured, ok) for every threshold except the count exposers."""
    rows = []
    for name, metric in sorted(summary.get("metrics", {}).items()):
        for expr, result in sorted((metric.get("thresholds") or {}).items()):
            if expr in ("count>=0", "rate>=0"):
                continue
            rows.append((name, expr, measured(summary, name, expr), bool(result.get("ok"))))
    return rows


def render(scenario: str, summary: dict, *, cache_ratio: float | None, cache_note: str,
           served: dict[str, int], expected: dict[str, float]) -> str:
    rows = threshold_rows(summary)
    lines = [f"# {scenario}: {'PASS' if all(r[3] for r in rows) else 'FAIL'}", "",
             "| metric | threshold | measured | result |", "| --- | --- | --- | --- |"]
    for name, expr, value, ok in rows:
        shown = "n/a" if value is None else f"{value:.4g}"
        lines.append(f"| `{name}` | `{expr}` | {shown} | {'pass' if ok else 'FAIL'} |")
    lines += ["", "| request type | model iterations | k6 requests |", "| --- | --- | --- |"]
    for t in sorted(set(expected) | set(served)):
        lines.append(f"| {t} | {expected.get(t, 0):.0f} | {served.get(t, 0)} |")
    design = derive_rates()
    lines += ["", f"Design load (1,000 DAU, 100:1 reads:writes, `derive_rates`): {design['creation_avg']:.2f} creations/s "
              f"and {design['redirect_avg']:.1f} redirects/s on average, {design['redirect_peak']:.0f} redirects/s at peak."]
    ratio = "not measured" if cache_ratio is None else f"{cache_ratio:.3f}"
    lines += ["", f"Redis cache hit ratio during the run: {ratio} ({cache_note})", ""]
    return "\n".join(lines)
