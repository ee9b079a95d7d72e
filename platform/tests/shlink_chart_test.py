"""The Shlink chart alone, from the fixture site and the components it is given: namespace, Deployment, secrets
and network policies follow the workload, database, sentinel, ingress, monitoring and istiod passed in.

Upstream facts about the rendered Shlink (env vars Shlink reads, probes, sentinel master name) are pinned on the
whole tree in shlink_upstream_test; cross-chart facts (one Vault source per credential) in invariants_tree_test."""

import dataclasses

from chart_fixture import allowed, check_external_secrets_follow_the_store, kinds, one, site, synth, workload_peer

from urlplatform.charts.shlink import ShlinkChart
from urlplatform.components import istio, kube_prometheus_stack, postgres, redis, shlink
from urlplatform.components.base import Workload
from urlplatform.components.secrets import VAULT_STORE
from urlplatform.resources.namespace import PSS_REASON

# What render.charts() passes; each test replaces the ones it moves.
WIRING = dict(component=shlink.SHLINK, workload=shlink.WORKLOAD, database=postgres.PRIMARY, sentinel=redis.SENTINEL,
              ingress=istio.ISTIO_GATEWAY, monitoring=kube_prometheus_stack.KUBE_PROMETHEUS_STACK,
              istiod=istio.ISTIOD_PODS, store=VAULT_STORE)
ELSEWHERE = dict(namespace="elsewhere", port=9090)


def build(profile=None, **wiring):
    return synth(ShlinkChart, profile=profile or site(), **(WIRING | wiring))


def container(objs, name=None):
    return one(objs, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]


def env(objs, name=None):
    return {e["name"]: e.get("value") for e in container(objs, name)["env"]}


def allow_policy(objs, workload):
    return one(objs, "NetworkPolicy", f"{workload.name}-allow")


def test_namespace_has_the_components_level_and_sidecar_injection():
    ns = one(build(), "Namespace", shlink.WORKLOAD.namespace)["metadata"]
    assert ns["labels"]["pod-security.kubernetes.io/enforce"] == shlink.SHLINK.pss
    assert ns["labels"]["istio-injection"] == "enabled"


def test_namespace_follows_a_component_below_restricted():
    component = dataclasses.replace(shlink.SHLINK, pss="baseline", reason="a fixture reason")
    ns = one(build(component=component), "Namespace", shlink.WORKLOAD.namespace)["metadata"]
    assert ns["labels"]["pod-security.kubernetes.io/enforce"] == component.pss
    assert ns["annotations"][PSS_REASON] == component.reason


def test_replicas_image_and_settings_come_from_the_profile():
    p = site()
    objs = build(p)
    assert one(objs, "Deployment")["spec"]["replicas"] == p.shlink.replicas
    c = container(objs)
    assert c["image"] == p.shlink.image.ref
    assert c["resources"] == {"requests": {"cpu": p.shlink.resources.cpu_request,
                                           "memory": p.shlink.resources.memory_request},
                              "limits": {"cpu": p.shlink.resources.cpu_limit,
                                         "memory": p.shlink.resources.memory_limit}}
    e = env(objs)
    assert e["DEFAULT_DOMAIN"] == p.shlink_host
    assert e["IS_HTTPS_ENABLED"] == str(p.shlink.https).lower()
    assert e["CACHE_NAMESPACE"] == p.shlink.cache_namespace
    assert e["TRUSTED_PROXIES"] == p.shlink.trusted_proxies
    assert e["REDIRECT_STATUS_CODE"] == str(p.shlink.redirect_status_code)
    assert {k: e[k] for k in p.shlink.runtime.env} == p.shlink.runtime.env


def test_follows_its_workload():
    """Namespace, Deployment, Service, container port and the ingress rule all move with the workload."""
    w = dataclasses.replace(shlink.WORKLOAD, **ELSEWHERE)
    objs = build(workload=w)
    assert one(objs, "Namespace")["metadata"]["name"] == w.namespace
    assert {o["metadata"]["namespace"] for o in objs if o["kind"] != "Namespace"} == {w.namespace}
    dep, svc = one(objs, "Deployment", w.name), one(objs, "Service", w.name)
    assert dep["spec"]["selector"]["matchLabels"].items() >= w.pod_labels.items()
    assert svc["spec"]["selector"].items() >= w.pod_labels.items()
    assert [p["port"] for p in svc["spec"]["ports"]] == [w.port]
    assert [p["containerPort"] for p in container(objs, w.name)["ports"]] == [w.port]
    policy = allow_policy(objs, w)
    assert policy["spec"]["podSelector"]["matchLabels"].items() >= w.pod_labels.items()
    ingress = allowed(policy, "ingress")
    assert ingress[(WIRING["ingress"].namespace, ())] == {w.port}


def test_follows_its_database():
    db = Workload(name="pg-main", namespace="db-elsewhere", pod_labels={"role": "primary"}, port=6543)
    objs = build(database=db)
    e = env(objs)
    assert (e["DB_HOST"], e["DB_PORT"]) == (db.service_host, str(db.port))
    assert allowed(allow_policy(objs, shlink.WORKLOAD), "egress")[workload_peer(db)] == {db.port}


def test_follows_its_sentinel():
    sentinel = Workload(name="rfs-cache", namespace="cache-elsewhere", pod_labels={"app": "cache"}, port=36379)
    objs = build(sentinel=sentinel)
    uris = env(objs)["REDIS_SERVERS"].split(",")
    assert uris and all(u.startswith(f"tcp://{sentinel.name}.{sentinel.namespace}.") and u.endswith(f":{sentinel.port}")
                        for u in uris)
    assert sentinel.port in allowed(allow_policy(objs, shlink.WORKLOAD), "egress")[workload_peer(sentinel)]


def test_sentinel_egress_follows_its_sentinel_peer():
    """The part of the sentinel wiring that does follow today: the egress peer is the sentinel's pods."""
    sentinel = dataclasses.replace(redis.SENTINEL, namespace="cache-elsewhere", pod_labels={"app": "cache"})
    egress = allowed(allow_policy(build(sentinel=sentinel), shlink.WORKLOAD), "egress")
    assert workload_peer(sentinel) in egress and workload_peer(redis.SENTINEL) not in egress


def test_follows_ingress_monitoring_and_istiod():
    ingress = dataclasses.replace(istio.ISTIO_GATEWAY, namespace="edge")
    monitoring = dataclasses.replace(kube_prometheus_stack.KUBE_PROMETHEUS_STACK, namespace="metrics")
    istiod = Workload(name="pilot", namespace="mesh-core", pod_labels={"app": "pilot"}, port=15999)
    policy = allow_policy(build(ingress=ingress, monitoring=monitoring, istiod=istiod), shlink.WORKLOAD)
    ingress_rules = allowed(policy, "ingress")
    assert set(ingress_rules) == {(ingress.namespace, ()), (monitoring.namespace, ())}
    assert ingress_rules[(ingress.namespace, ())] == {shlink.WORKLOAD.port}
    assert allowed(policy, "egress")[workload_peer(istiod)] == {istiod.port}


def test_secrets_are_files_of_synced_secrets_from_the_store():
    """With a store, every Secret the pod mounts is an ExternalSecret of this chart, with the keys the pod reads."""
    objs = build()
    pod = one(objs, "Deployment")["spec"]["template"]["spec"]
    e = env(objs)
    for var in ("DB_USER_FILE", "DB_PASSWORD_FILE", "REDIS_SERVERS_PASSWORD_FILE", "INITIAL_API_KEY_FILE"):
        assert var.removesuffix("_FILE") not in e, f"{var} is a file, its value must not be in the env"
    mounted = {v["secret"]["secretName"]: {i["key"] for i in v["secret"].get("items", [])}
               for v in pod["volumes"] if "secret" in v}
    synced = {es["spec"]["target"]["name"]: {d["secretKey"] for d in es["spec"]["data"]}
              for es in kinds(objs, "ExternalSecret")}
    assert mounted and set(mounted) == set(synced)
    for name, keys in mounted.items():
        assert keys <= synced[name], name
    paths = {m["mountPath"] for m in container(objs)["volumeMounts"]}
    for var in ("DB_USER_FILE", "DB_PASSWORD_FILE", "REDIS_SERVERS_PASSWORD_FILE", "INITIAL_API_KEY_FILE"):
        assert e[var].rsplit("/", 1)[0] in paths, var


def test_follows_its_secret_store():
    check_external_secrets_follow_the_store(build)


def test_no_prometheus_scrape_annotations():
    """Prometheus scrapes the sidecar (PodMonitor envoy-stats), not the app: no prometheus.io annotations."""
    annotations = one(build(), "Deployment")["spec"]["template"]["metadata"].get("annotations", {})
    assert not [k for k in annotations if k.startswith("prometheus.io")]
