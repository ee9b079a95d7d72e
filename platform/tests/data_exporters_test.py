"""Postgres (PGO) and Redis (Spotahome) ports and exporter scraping, against what the operators really create.

Upstream facts (kept here, independent of the code under test):
- CrunchyData/postgres-operator@v5.7.9 (no v5.7.2 tag in the mirror; same files on REL_5_7):
  internal/pgbackrest/iana.go IANAPortNumber = 8432 and config.go `tls-server-*` (pgBackRest TLS server since
  PGO 5.1; 2022 was PGO 5.0's sshd); internal/pgmonitor/exporter.go ExporterPort = 9187;
  internal/naming/names.go PortExporter = "exporter"; internal/naming/labels.go LabelPGMonitorDiscovery
  ("postgres-operator.crunchydata.com/crunchy-postgres-exporter", set to "true" by pgmonitor.go) and
  LabelCluster ("postgres-operator.crunchydata.com/cluster").
- spotahome/redis-operator@Chart-3.3.0 (operator v1.3.0; same at Chart-3.2.9):
  operator/redisfailover/service/constants.go exporterPort = 9121; generator.go names the redis-exporter
  container port "metrics"; client.go generateSelectorLabels = app.kubernetes.io/{name: <failover name>,
  component: "redis", part-of: "redis-failover"}.
"""

from rendered import objects, one

PGO_EXPORTER = {"port_name": "exporter", "port": 9187,
                "pod_labels": {"postgres-operator.crunchydata.com/crunchy-postgres-exporter": "true"},
                "cluster_label": "postgres-operator.crunchydata.com/cluster"}
PGBACKREST_TLS_PORT, PGO_50_SSH_PORT = 8432, 2022
REDIS_EXPORTER = {"port_name": "metrics", "port": 9121,
                  "pod_labels": {"app.kubernetes.io/component": "redis", "app.kubernetes.io/part-of": "redis-failover"},
                  "name_label": "app.kubernetes.io/name"}


def _ports(rules):
    return {p["port"] for r in rules for p in r.get("ports", [])}


def _peer_rules(rules, labels):
    return [r for r in rules for peer in r.get("from", r.get("to", []))
            if peer.get("podSelector", {}).get("matchLabels") == labels]


def test_postgres_pods_reach_each_other_on_the_pgbackrest_tls_port():
    pol = one("data", "NetworkPolicy", "postgres-allow")["spec"]
    pg_labels = pol["podSelector"]["matchLabels"]
    assert PGBACKREST_TLS_PORT in _ports(_peer_rules(pol["ingress"], pg_labels))
    assert PGBACKREST_TLS_PORT in _ports(_peer_rules(pol["egress"], pg_labels))
    assert PGO_50_SSH_PORT not in _ports(pol["ingress"]) | _ports(pol["egress"])


def _pod_monitor_for(port_name: str):
    found = [m for m in objects("data", "PodMonitor") if any(e["port"] == port_name
                                                             for e in m["spec"]["podMetricsEndpoints"])]
    assert len(found) == 1, f"expected one PodMonitor scraping port {port_name!r} in the data app, found {len(found)}"
    return found[0]


def test_postgres_exporter_is_scraped_on_the_pods_pgo_labels():
    pg = one("data", "PostgresCluster", "shlink-db")
    assert "exporter" in pg["spec"]["monitoring"]["pgmonitor"], "PGO adds the exporter only when asked"
    mon = _pod_monitor_for(PGO_EXPORTER["port_name"])
    want = PGO_EXPORTER["pod_labels"] | {PGO_EXPORTER["cluster_label"]: pg["metadata"]["name"]}
    assert mon["spec"]["selector"]["matchLabels"] == want
    assert mon["metadata"]["namespace"] == pg["metadata"]["namespace"]


def test_redis_exporter_is_scraped_on_the_pods_spotahome_labels():
    rf = one("data", "RedisFailover", "shlink-redis")
    assert rf["spec"]["redis"]["exporter"]["enabled"] is True
    mon = _pod_monitor_for(REDIS_EXPORTER["port_name"])
    want = REDIS_EXPORTER["pod_labels"] | {REDIS_EXPORTER["name_label"]: rf["metadata"]["name"]}
    assert mon["spec"]["selector"]["matchLabels"] == want
    assert mon["metadata"]["namespace"] == rf["metadata"]["namespace"]


def test_every_exporter_port_open_to_monitoring_is_scraped():
    """A port opened to Prometheus without a monitor (or a monitor behind a closed port) scrapes nothing."""
    by_number = {PGO_EXPORTER["port"]: PGO_EXPORTER["port_name"], REDIS_EXPORTER["port"]: REDIS_EXPORTER["port_name"]}
    opened = set()
    for pol in objects("data", "NetworkPolicy"):
        for r in pol["spec"].get("ingress", []):
            if any(p.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
                   == "monitoring" for p in r["from"]):
                opened |= _ports([r])
    assert opened == set(by_number)
    for number in opened:
        _pod_monitor_for(by_number[number])
