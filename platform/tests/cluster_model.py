"""The pods a profile runs, as NetworkPolicy sees them: our rendered workloads plus what operators and charts create.

Rendered workloads come from the tree (pod template labels and container ports; an injected sidecar adds its
label and port). Pods created by operators and charts are modelled from the custom resources and Helm values in
the tree, with the labels and ports their upstream code gives them (evidence next to each):

- istio/istio@1.24.2:manifests/charts/istio-control/istio-discovery/files/injection-template.yaml: the sidecar
  labels the pod `security.istio.io/tlsMode: istio` and declares containerPort 15090 `http-envoy-prom`; inbound
  15090, 15021 and the status port 15020 are excluded from interception (`excludeInboundPorts`).
- istio/istio@1.24.2:manifests/charts/istio-control/istio-discovery/templates/deployment.yaml, service.yaml:
  istiod pods `app: istiod, istio: pilot`; Service `istiod` ports grpc-xds 15010, https-dns 15012,
  https-webhook 443->15017, http-monitoring 15014.
- istio/istio@1.24.2:manifests/charts/gateway/templates/_helpers.tpl, deployment.yaml: gateway pods
  `app: <release>`, `istio: <labels.istio>`, `sidecar.istio.io/inject: "true"`, injected with the gateway template.
- CrunchyData/postgres-operator (5.7 line; see data_exporters_test.py): instance pods carry
  `postgres-operator.crunchydata.com/cluster` and `.../instance-set`, the exporter label when pgmonitor is on;
  ports postgres 5432, patroni 8008, pgbackrest TLS 8432, exporter 9187; the dedicated repo host carries the
  cluster label and serves pgBackRest TLS on 8432.
- spotahome/redis-operator@Chart-3.3.0 operator/redisfailover/service/generator.go, client.go: pods
  `app.kubernetes.io/{name: <failover>, component: redis|sentinel, part-of: redis-failover}`; redis 6379 (+ exporter
  `metrics` 9121), sentinel 26379.
- k3s-io/k3s manifests/coredns.yaml: CoreDNS pods `k8s-app: kube-dns` in kube-system on 53/UDP and 53/TCP.
- prometheus-operator: Prometheus pods `app.kubernetes.io/name: prometheus` (kube-prometheus-stack 67.9.0).
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Address

import yaml
from netpol_eval import Cluster, Endpoint
from rendered import objects

from urlplatform.config import load_profile

SIDECAR_LABELS = {"security.istio.io/tlsMode": "istio"}
SIDECAR_PORTS = {"http-envoy-prom": (15090, "TCP")}
SIDECAR_UNINTERCEPTED_PORTS = {15090, 15021, 15020}
ISTIOD_PORTS = {"grpc-xds": (15010, "TCP"), "tls-xds": (15012, "TCP"), "https-webhooks": (15017, "TCP"),
                "http-monitoring": (15014, "TCP")}
PG = "postgres-operator.crunchydata.com"
PG_PORTS = {"postgres": (5432, "TCP"), "patroni": (8008, "TCP"), "pgbackrest": (8432, "TCP")}
PG_EXPORTER_PORT = {"exporter": (9187, "TCP")}
REDIS_PORTS = {"redis": (6379, "TCP")}
REDIS_EXPORTER_PORT = {"metrics": (9121, "TCP")}
SENTINEL_PORTS = {"sentinel": (26379, "TCP")}
DNS_PORTS = {"dns": (53, "UDP"), "dns-tcp": (53, "TCP")}
POD_KINDS = {"Deployment", "StatefulSet", "DaemonSet"}


def _values(app: dict) -> dict:
    return yaml.safe_load(app["spec"]["source"]["helm"]["values"])


def namespace_labels(profile: str) -> dict[str, dict]:
    """Labels of every namespace the tree creates: Namespace objects and Applications' managed metadata."""
    labels = {o["metadata"]["name"]: o["metadata"].get("labels", {}) for o in objects(kind="Namespace", profile=profile)}
    for app in objects("apps", "Application", profile):
        meta = app["spec"]["syncPolicy"].get("managedNamespaceMetadata")
        if meta:
            labels.setdefault(app["spec"]["destination"]["namespace"], meta.get("labels", {}))
    return labels


def injected(namespace: str, pod_meta: dict, profile: str) -> bool:
    ns = namespace_labels(profile).get(namespace, {})
    opt_out = pod_meta.get("labels", {}).get("sidecar.istio.io/inject") == "false"
    return ns.get("istio-injection") == "enabled" and not opt_out


def workload_endpoints(profile: str) -> list[Endpoint]:
    """One endpoint per rendered workload: its pod template's labels and container ports (plus the sidecar's)."""
    out = []
    for o in objects(profile=profile):
        if o["kind"] not in POD_KINDS:
            continue
        meta, spec = o["spec"]["template"]["metadata"], o["spec"]["template"]["spec"]
        ns = o["metadata"]["namespace"]
        ports = {p.get("name", str(p["containerPort"])): (p["containerPort"], p.get("protocol", "TCP"))
                 for c in spec["containers"] for p in c.get("ports", [])}
        labels = dict(meta.get("labels", {}))
        if injected(ns, meta, profile):
            labels |= SIDECAR_LABELS
            ports |= SIDECAR_PORTS
        out.append(Endpoint(f"{o['kind']}/{o['metadata']['name']}", ns, labels, ports=ports))
    return out


def operator_endpoints(profile: str) -> list[Endpoint]:
    """Pods the operators create from the rendered PostgresCluster and RedisFailover."""
    out = []
    for pg in objects(kind="PostgresCluster", profile=profile):
        ns, name = pg["metadata"]["namespace"], pg["metadata"]["name"]
        exporter = "exporter" in pg["spec"].get("monitoring", {}).get("pgmonitor", {})
        for inst in pg["spec"]["instances"]:
            labels = {f"{PG}/cluster": name, f"{PG}/instance-set": inst["name"]}
            ports = dict(PG_PORTS)
            if exporter:
                labels[f"{PG}/crunchy-postgres-exporter"] = "true"
                ports |= PG_EXPORTER_PORT
            out.append(Endpoint(f"pg/{name}-{inst['name']}", ns, labels, ports=ports))
        out.append(Endpoint(f"pg/{name}-repo-host", ns, {f"{PG}/cluster": name, f"{PG}/pgbackrest": "",
                                                          f"{PG}/pgbackrest-dedicated": ""},
                            ports={"pgbackrest": PG_PORTS["pgbackrest"]}))
    for rf in objects(kind="RedisFailover", profile=profile):
        ns, name = rf["metadata"]["namespace"], rf["metadata"]["name"]
        base = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "redis-failover"}
        ports = dict(REDIS_PORTS)
        if rf["spec"]["redis"].get("exporter", {}).get("enabled"):
            ports |= REDIS_EXPORTER_PORT
        out.append(Endpoint(f"redis/{name}", ns, base | {"app.kubernetes.io/component": "redis"}, ports=ports))
        out.append(Endpoint(f"sentinel/{name}", ns, base | {"app.kubernetes.io/component": "sentinel"},
                            ports=dict(SENTINEL_PORTS)))
    return out


def platform_endpoints(profile: str) -> list[Endpoint]:
    """Pods of the Helm charts and the cluster itself that the flows below involve."""
    apps = {a["metadata"]["name"]: a for a in objects("apps", "Application", profile)}
    ns = {name: a["spec"]["destination"]["namespace"] for name, a in apps.items()}
    gw = _values(apps["istio-gateway"])
    release = apps["istio-gateway"]["spec"]["source"]["helm"]["releaseName"]
    gw_labels = {"app": release, "istio": gw.get("labels", {}).get("istio", release.removeprefix("istio-")),
                 "sidecar.istio.io/inject": "true"} | SIDECAR_LABELS
    out = [
        Endpoint("gateway", ns["istio-gateway"], gw_labels, ports=dict(SIDECAR_PORTS)),
        Endpoint("istiod", ns["istiod"], {"app": "istiod", "istio": "pilot"}, ports=dict(ISTIOD_PORTS)),
        Endpoint("prometheus", ns["kube-prometheus-stack"], {"app.kubernetes.io/name": "prometheus"}),
        Endpoint("pgo", ns["pgo"], {"app.kubernetes.io/name": "pgo"}),
        Endpoint("redis-operator", ns["redis-operator"], {"app.kubernetes.io/name": "redis-operator"}),
        Endpoint("kube-dns", "kube-system", {"k8s-app": "kube-dns"}, ports=dict(DNS_PORTS)),
        Endpoint("intruder", "default", {"app": "intruder"}),
    ]
    if "vault" in ns:
        out.append(Endpoint("vault", ns["vault"], {"app.kubernetes.io/name": "vault"},
                            ports={"http": (8200, "TCP")}))
    return out


@lru_cache(maxsize=None)
def cluster(profile: str) -> Cluster:
    """Every modelled pod (with an address from the pod CIDR), the API server on each node, and the internet."""
    p = load_profile(profile)
    pods = workload_endpoints(profile) + operator_endpoints(profile) + platform_endpoints(profile)
    hosts = p.cluster.pod_cidr.hosts()
    pods = [Endpoint(e.name, e.namespace, e.labels, next(hosts), e.ports) for e in pods]
    outside = [Endpoint(f"apiserver/{node.name}", None, ip=node.ip, ports={"https": (6443, "TCP")})
               for node in p.cluster.nodes]
    outside.append(Endpoint("internet", None, ip=IPv4Address("1.1.1.1"), ports={"https": (443, "TCP")}))
    return Cluster(endpoints=pods + outside, namespace_labels=namespace_labels(profile),
                   policies=objects(kind="NetworkPolicy", profile=profile))


def endpoint(profile: str, name: str) -> Endpoint:
    [found] = [e for e in cluster(profile).endpoints if e.name == name]
    return found
