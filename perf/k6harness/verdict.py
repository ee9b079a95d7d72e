"""The verdict: PASS, FAIL or ERROR from k6's exit code, its summary data and the plan; and verdict.md.

- ERROR (exit 3): k6 exited abnormally (any code but 0 and 99, grafana/k6@v1.1.0:errext/exitcodes/codes.go),
  wrote no summary, or setup() did not complete (no setup data: timed out, exit 100, or threw);
- FAIL (exit 1): a threshold failed; setup created fewer URLs than planned; a stream served (requests
  passing their check) less than 98 % of its plan (one iteration of k6 rounding allowed); or a
  thresholded (sub)metric of a stream with planned traffic has no samples;
- PASS (exit 0) otherwise. Empty trends are shown as n/a and never pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from k6harness.model import derive_rates
from k6harness.plan import EXPOSERS, PHASES, RANKS
from k6harness.slo_budget import lines as slo_lines

EXIT = {"PASS": 0, "FAIL": 1, "ERROR": 3}
K6_NORMAL_EXITS = (0, 99)  # 99: thresholds failed
K6_EXIT_NAMES = {99: "thresholds failed", 100: "setup timed out", 101: "teardown timed out", 104: "invalid config",
                 105: "aborted by a signal", 107: "script exception", 108: "aborted by the script", 109: "Go panic"}
SERVED_MIN = 0.98
COUNTERS = ("http_reqs", "dropped_iterations", "iterations", "data_sent", "data_received")
# The seed's cache trends split the redirects at 50 ms: one side may rightly be empty while the other has samples.
PARTITIONS = {"cached_response_time": "uncached_response_time", "uncached_response_time": "cached_response_time"}


def metric_value(summary: dict | None, metric: str, stat: str) -> float | None:
    """One statistic of one (sub)metric in k6's summary data; None when k6 did not report it."""
    return ((summary or {}).get("metrics", {}).get(metric, {}).get("values", {}) or {}).get(stat)


def samples(summary: dict | None, metric: str) -> int | None:
    """Number of samples behind a trend or rate (sub)metric; None for counters or unknown metrics."""
    m = (summary or {}).get("metrics", {}).get(metric)
    if m is None:
        return 0
    v = m.get("values", {})
    if m.get("type") == "trend":
        return int(v.get("count", 0))
    if m.get("type") == "rate":
        return int(v.get("passes", 0) + v.get("fails", 0))
    return None


def measured(summary: dict, metric: str, expression: str) -> float | None:
    """The statistic a threshold expression such as `p(95)<500` tests."""
    stat = re.match(r"^([a-z]+(?:\([\d.]+\))?)", expression).group(1)
    return metric_value(summary, metric, stat)


def _tag(metric: str) -> str | None:
    m = re.search(r"\{(?:[^}]*,)?type:([a-z]+)", metric)
    return m.group(1) if m else None


@dataclass(frozen=True)
class Row:
    metric: str
    expression: str
    value: float | None
    ok: bool
    empty: bool  # thresholded metric with planned traffic but no samples
    partition: bool = False  # an empty side of the seed's 50 ms split while the other side has samples


@dataclass
class Judgement:
    status: str
    reasons: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    streams: list[tuple[str, float, int, int, int]] = field(default_factory=list)  # tag, planned, sent, served, dropped

    @property
    def exit_code(self) -> int:
        return EXIT[self.status]


def threshold_rows(summary: dict, expected: dict[str, float]) -> list[Row]:
    rows = []
    for name, metric in sorted(summary.get("metrics", {}).items()):
        for expr, result in sorted((metric.get("thresholds") or {}).items()):
            if expr in EXPOSERS:
                continue
            tag = _tag(name)
            planned = expected.get(tag, 0) > 0 if tag else sum(expected.values()) > 0
            n = samples(summary, name)
            empty = planned and n == 0 and name.split("{")[0] not in COUNTERS
            partition = empty and name in PARTITIONS and bool(samples(summary, PARTITIONS[name]))
            value = None if n == 0 else measured(summary, name, expr)
            rows.append(Row(name, expr, value, bool(result.get("ok")) and not (empty and not partition),
                            empty and not partition, partition))
    return rows


def judge(k6_code: int | None, summary: dict | None, plan: dict) -> Judgement:
    expected: dict[str, float] = plan["expected"]
    if summary is None:
        name = K6_EXIT_NAMES.get(k6_code, "")
        return Judgement("ERROR", [f"k6 exited {k6_code}{f' ({name})' if name else ''} and wrote no summary"])
    j = Judgement("PASS")
    if k6_code not in K6_NORMAL_EXITS:
        j.reasons.append(f"k6 exited {k6_code} ({K6_EXIT_NAMES.get(k6_code, 'abnormal exit')})")
    setup = summary.get("setup_data")
    if not isinstance(setup, dict) or "created" not in setup:
        j.reasons.append("setup() did not complete (no setup data): the load phase never ran")
    if j.reasons:
        j.status = "ERROR"
    j.rows = threshold_rows(summary, expected)
    if j.status == "ERROR":
        return j
    if setup["created"] < plan["setup_planned"]:
        j.reasons.append(f"setup created {setup['created']} of {plan['setup_planned']} short URLs")
    for r in j.rows:
        if r.empty:
            j.reasons.append(f"`{r.metric}` has no samples although its stream had planned traffic")
        elif not r.ok:
            j.reasons.append(f"threshold `{r.metric}` `{r.expression}` failed")
    for tag, planned in sorted(expected.items()):
        sent = int(metric_value(summary, f"http_reqs{{type:{tag}}}", "count") or 0)
        served = int(metric_value(summary, f"checks{{type:{tag}}}", "passes") or 0)
        dropped = int(metric_value(summary, f"dropped_iterations{{scenario:{tag}}}", "count") or 0)
        j.streams.append((tag, planned, sent, served, dropped))
        if planned > 0 and served + 1 < SERVED_MIN * planned:
            j.reasons.append(f"{tag}: served {served} of {planned:.0f} planned ({served / planned:.1%} < 98 %)")
    j.status = "FAIL" if j.reasons else "PASS"
    return j


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.4g}"


def render(scenario: str, j: Judgement, summary: dict | None, plan: dict, *, extra: list[str] = ()) -> str:
    lines = [f"# {scenario}: {j.status}", ""]
    if plan.get("variant", "seed") != "seed":
        lines += [f"Variant: `{plan['variant']}` (a documented deviation from the seed, see perf/README.md).", ""]
    lines += [f"- {r}" for r in j.reasons] + ([""] if j.reasons else [])
    setup = (summary or {}).get("setup_data")
    rate = metric_value(summary, "checks{type:setup}", "rate")
    if isinstance(setup, dict) and "created" in setup:
        lines.append(f"Setup: created {setup['created']} of {plan['setup_planned']} planned short URLs "
                     f"(setup check rate {_fmt(rate)}).")
    else:
        sent = metric_value(summary, "http_reqs{type:setup}", "count")
        lines.append(f"Setup: did not complete; {_fmt(sent)} of {plan['setup_planned']} creations sent "
                     f"(setup check rate {_fmt(rate)}).")
    lines += ["", "| stream | planned | sent | served (check passed) | served / planned | dropped iterations |",
              "| --- | --- | --- | --- | --- | --- |"]
    for tag, planned, sent, served, dropped in j.streams or [(t, p, 0, 0, 0) for t, p in plan["expected"].items()]:
        share = "n/a" if planned <= 0 else f"{served / planned:.1%}"
        lines.append(f"| {tag} | {planned:.0f} | {sent} | {served} | {share} | {dropped} |")
    if j.rows:
        lines += ["", "| metric | threshold | measured | result |", "| --- | --- | --- | --- |"]
        for r in j.rows:
            result = ("FAIL (no samples)" if r.empty else "n/a (empty side of the 50 ms split)" if r.partition
                      else "pass" if r.ok else "FAIL")
            lines.append(f"| `{r.metric}` | `{r.expression}` | {_fmt(r.value)} | {result} |")
    lines += _rank_table(summary, plan) + _phase_table(summary, plan) + _seed_checks(summary, plan)
    lines += slo_lines(summary, plan["expected"])
    lines += ["", *extra]
    d = derive_rates()
    lines += ["", f"Design load (the seed's sizing: 1,000 DAU x 5 URLs a day, 100 reads per write, the day's traffic "
              f"in 8 peak hours): {d['creation_avg']:.3f} creations/s and {d['redirect_avg']:.1f} redirects/s on "
              f"average, {d['creation_peak']:.2f} creations/s and {d['redirect_peak']:.1f} redirects/s in the peak "
              "hours.", ""]
    return "\n".join(lines)


def _rank_table(summary: dict | None, plan: dict) -> list[str]:
    out = []
    for tag, p in plan["params"]["streams"].items():
        if not p["mix"] or not plan["expected"].get(tag):
            continue
        counts = {r: int(metric_value(summary, f"http_reqs{{type:{tag},rank:{r}}}", "count") or 0) for r in RANKS}
        total = sum(counts.values())
        for r in RANKS:
            metric = f"http_req_duration{{type:{tag},rank:{r}}}"
            has = samples(summary, metric)
            p95 = metric_value(summary, metric, "p(95)") if has else None
            med = metric_value(summary, metric, "med") if has else None
            share = "n/a" if not total else f"{counts[r] / total:.1%}"
            out.append(f"| {tag} | {r} | {counts[r]} | {share} | {_fmt(med)} | {_fmt(p95)} |")
    if not out:
        return []
    hot = plan["params"]["hotPool"]
    return ["", f"Redirect latency by URL rank (`rank:hot` = the `{hot}` setup URLs, `rank:tail` = the rest):", "",
            "| stream | rank | requests | share | median ms | p95 ms |", "| --- | --- | --- | --- | --- | --- |", *out]


def _phase_table(summary: dict | None, plan: dict) -> list[str]:
    warmup = plan["params"].get("warmupS")
    if warmup is None:
        return []
    out = []
    for tag, p in plan["params"]["streams"].items():
        if not p["mix"] or not plan["expected"].get(tag):
            continue
        for ph in PHASES:
            metric = f"http_req_duration{{type:{tag},phase:{ph}}}"
            n = samples(summary, metric)
            med = metric_value(summary, metric, "med") if n else None
            p95 = metric_value(summary, metric, "p(95)") if n else None
            out.append(f"| {tag} | {ph} | {n or 0} | {_fmt(med)} | {_fmt(p95)} |")
    return ["", f"Cold vs warm (`--cold-warm`): `warmup` = the first {warmup:g} s of load (the first stage), "
            "`steady` = the rest:", "", "| stream | phase | requests | median ms | p95 ms |",
            "| --- | --- | --- | --- | --- |", *out]


def _seed_checks(summary: dict | None, plan: dict) -> list[str]:
    out = []
    for tag, p in plan["params"]["streams"].items():
        if p["latencyCheckMs"] and plan["expected"].get(tag):
            metric = f"seed_latency_checks{{type:{tag}}}"
            rate = metric_value(summary, metric, "rate") if samples(summary, metric) else None
            out.append(f"| {tag} | < {p['latencyCheckMs']:g} ms | {_fmt(rate)} |")
    if not out:
        return []
    return ["", "The seed's latency checks (reported, not thresholded, as in the seed):", "",
            "| stream | check | pass rate |", "| --- | --- | --- |", *out]
