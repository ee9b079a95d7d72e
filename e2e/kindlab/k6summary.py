"""What the chaos suite reads from k6's own end-of-test summary (the JSON `handleSummary` receives)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from k6harness.verdict import metric_value


class SummaryError(ValueError):
    """One-line reason a summary cannot be judged."""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    failed_rate: float
    dropped_iterations: int

    @property
    def failed(self) -> int:
        return round(self.requests * self.failed_rate)


def load_result(summary: dict, source: str = "summary.json") -> LoadResult:
    """Requests sent and the failed-request rate k6 measured (`http_reqs` count, `http_req_failed` rate)."""
    requests = metric_value(summary, "http_reqs", "count")
    rate = metric_value(summary, "http_req_failed", "rate")
    if requests is None or rate is None:
        raise SummaryError(f"{source}: k6 summary lacks http_reqs.count or http_req_failed.rate")
    if requests <= 0:
        raise SummaryError(f"{source}: k6 sent no requests, so no failure rate can be judged")
    dropped = metric_value(summary, "dropped_iterations", "count") or 0
    return LoadResult(int(requests), float(rate), int(dropped))


def read(path: Path) -> LoadResult:
    try:
        return load_result(json.loads(path.read_text()), str(path))
    except (OSError, ValueError) as e:
        if isinstance(e, SummaryError):
            raise
        raise SummaryError(f"{path}: unreadable k6 summary ({type(e).__name__})") from None
