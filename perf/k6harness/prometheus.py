"""Postgres numbers over a run from Prometheus (e.g. `kubectl port-forward` to the kube-prometheus-stack
Prometheus), read from the PGO exporter's pgMonitor metrics.

Metric names: PGO 5.7 ships pgMonitor v5.1.1 queries (CrunchyData/postgres-operator@v5.7.9:Makefile
PGMONITOR_VERSION; 5.7.2 itself could not be read here):
- `ccp_stat_database_blks_hit` / `ccp_stat_database_blks_read`, label `dbname`, cumulative gauges from
  pg_stat_database (CrunchyData/pgmonitor@v5.1.1:postgres_exporter/common/queries_global.yml); the
  buffer-cache hit ratio over the run is delta(hit) / (delta(hit) + delta(read));
- `ccp_pg_stat_statements_top_mean_exec_time_ms`, labels `dbname`, `query` (first 40 characters),
  the mean since pg_stat_statements was last reset, only for the top 20 statements by mean
  (CrunchyData/pgmonitor@v5.1.1:postgres_exporter/common/pg16/queries_pg_stat_statements.yml,
  CrunchyData/postgres-operator@v5.7.9:internal/pgmonitor/exporter.go PG_STAT_STATEMENTS_LIMIT).
  Shlink writes one row to `visits` per redirect (shlinkio/shlink@v4.6.0:module/Core/config/
  entities-mappings/Shlinkio.Shlink.Core.Visit.Entity.Visit.php), so the INSERT INTO visits mean is the
  visit-write latency; it is a since-reset mean, not a per-run figure, and is absent when the INSERT
  is not among the top 20.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

BLKS = "sum(delta(ccp_stat_database_blks_{kind}{{dbname=\"{db}\"}}[{window}s]))"
VISIT_WRITE = "max(ccp_pg_stat_statements_top_mean_exec_time_ms{{dbname=\"{db}\",query=~\"(?i)insert into visits.*\"}})"


class PrometheusProbe:
    def __init__(self, base_url: str, database: str = "shlink", timeout_s: float = 5.0):
        self.base, self.database, self.timeout_s = base_url.rstrip("/"), database, timeout_s

    def query(self, promql: str, at: float) -> float | None:
        """One instant query (Prometheus HTTP API /api/v1/query); None when the vector is empty."""
        url = f"{self.base}/api/v1/query?" + urllib.parse.urlencode({"query": promql, "time": f"{at:.3f}"})
        with urllib.request.urlopen(url, timeout=self.timeout_s) as r:
            body = json.loads(r.read())
        if body.get("status") != "success":
            raise RuntimeError(f"Prometheus: {body.get('error', 'query failed')}")
        result = body["data"]["result"]
        return float(result[0]["value"][1]) if result else None

    def lines(self, start: float, end: float) -> list[str]:
        window = max(1, round(end - start))
        try:
            hit = self.query(BLKS.format(kind="hit", db=self.database, window=window), end)
            read = self.query(BLKS.format(kind="read", db=self.database, window=window), end)
            visit = self.query(VISIT_WRITE.format(db=self.database), end)
        except Exception as e:  # best effort: the run still reports
            return [f"Postgres (Prometheus {self.base}): not measured ({type(e).__name__}: {e})."]
        if hit is None or read is None or hit + read <= 0:
            ratio = "n/a (no ccp_stat_database samples for the run)"
        else:
            ratio = f"{hit / (hit + read):.4f} ({hit:.0f} hits, {read:.0f} reads)"
        visits = "n/a (INSERT INTO visits not among pgMonitor's top statements)" if visit is None else f"{visit:.2f} ms"
        return [f"Postgres buffer-cache hit ratio over the run (`{self.database}`): {ratio}.",
                f"Postgres visit-write latency (mean INSERT INTO visits since pg_stat_statements reset): {visits}."]
