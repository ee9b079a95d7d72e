"""The data chart alone, from the fixture site and the components it is given: PGO PostgresCluster and Spotahome
RedisFailover sized by the profile, in the data namespace behind default-deny policies that admit the client,
the operators and the scraper passed in.

Upstream ports, labels and exporters are pinned in data_exporters_test; PGO's user Secret in pgo_user_secret_test;
cross-chart facts (one Vault source per credential, API egress blocks vs K3s) in invariants_tree_test and
cross_object_test."""

import dataclasses

from chart_fixture import allowed, check_external_secrets_follow_the_store, kinds, one, site, synth, workload_peer

from urlplatform.charts.data import DataChart
from urlplatform.components import postgres, redis, shlink
from urlplatform.components.base import Workload
from urlplatform.components.data import DATA
from urlplatform.components.kube_prometheus_stack import KUBE_PROMETHEUS_STACK
from urlplatform.components.pgo import PGO
from urlplatform.components.redis_operator import REDIS_OPERATOR
from urlplatform.components.secrets import VAULT_STORE
from urlplatform.resources.namespace import PSS_REASON

WIRING = dict(component=DATA, client=shlink.WORKLOAD, pgo=PGO, redis_operator=REDIS_OPERATOR,
              monitoring=KUBE_PROMETHEUS_STACK, store=VAULT_STORE)


def build(profile=None, **wiring):
    return synth(DataChart, profile=profile or site(), **(WIRING | wiring))


def storage(pvc_spec: dict) -> tuple[str, str]:
    return pvc_spec["storageClassName"], pvc_spec["resources"]["requests"]["storage"]


def test_postgres_cluster_is_sized_by_the_profile():
    p = site()
    spec = one(build(p), "PostgresCluster")["spec"]
    assert spec["postgresVersion"] == postgres.VERSION
    [inst] = spec["instances"]
    assert inst["replicas"] == p.postgres.instances
    assert storage(inst["dataVolumeClaimSpec"]) == (p.cluster.storage_class, p.postgres.storage)
    [repo] = spec["backups"]["pgbackrest"]["repos"]
    assert storage(repo["volume"]["volumeClaimSpec"]) == (p.cluster.storage_class, p.postgres.backup_storage)
    assert repo["schedules"] == {"full": p.postgres.full_backup_schedule,
                                 "differential": p.postgres.diff_backup_schedule}
    assert "exporter" in spec["monitoring"]["pgmonitor"]
    assert all(u.get("options") == "NOSUPERUSER" for u in spec["users"])


def test_postgres_instances_spread_over_nodes():
    [inst] = one(build(), "PostgresCluster")["spec"]["instances"]
    [term] = inst["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert term["topologyKey"] == "kubernetes.io/hostname"  # the well-known node label
    assert term["labelSelector"]["matchLabels"].items() >= postgres.POD_LABELS.items()


def test_redis_failover_is_sized_by_the_profile():
    p = site()
    spec = one(build(p), "RedisFailover")["spec"]
    assert spec["redis"]["replicas"] == p.redis.replicas and spec["sentinel"]["replicas"] == p.redis.sentinels
    assert storage(spec["redis"]["storage"]["persistentVolumeClaim"]["spec"]) == (p.cluster.storage_class,
                                                                                  p.redis.storage)
    assert {spec["redis"]["image"], spec["sentinel"]["image"]} == {redis.REDIS_IMAGE}
    exporter = spec["redis"]["exporter"]
    assert exporter["enabled"] is True and ":" in exporter["image"] and not exporter["image"].endswith(":latest")


def test_credentials_are_synced_from_the_store_only_with_one():
    """With a store, the RedisFailover's auth Secret is an ExternalSecret of this chart; without, the e2e suite
    makes it."""
    objs = build()
    targets = {es["spec"]["target"]["name"] for es in kinds(objs, "ExternalSecret")}
    assert one(objs, "RedisFailover")["spec"]["auth"]["secretPath"] in targets
    assert not kinds(build(store=None), "ExternalSecret")


def test_follows_its_secret_store():
    check_external_secrets_follow_the_store(build)


def test_api_egress_is_the_profiles_node_network_and_service_cidr():
    """Patroni keeps its leader lock in the Kubernetes API: reached at the Service CIDR's `kubernetes` ClusterIP
    (443) and, after kube-proxy's DNAT, at a server address on 6443."""
    p = site()
    egress = allowed(one(build(p), "NetworkPolicy", "postgres-allow"), "egress")
    blocks = {cidr: ports for (kind, cidr), ports in egress.items() if kind == "cidr"}
    assert blocks == {str(p.cluster.node_network): {6443}, str(p.cluster.service_cidr): {443}}


def test_follows_its_component():
    """Namespace (with its PSS level and reason), the data stores, their policies and monitors all move with it."""
    component = dataclasses.replace(DATA, namespace="kv-store", pss="privileged", reason="a fixture reason")
    objs = build(component=component)
    ns = one(objs, "Namespace")["metadata"]
    assert ns["name"] == component.namespace
    assert ns["labels"]["pod-security.kubernetes.io/enforce"] == component.pss
    assert ns["annotations"][PSS_REASON] == component.reason
    assert {o["metadata"]["namespace"] for o in objs if o["kind"] != "Namespace"} == {component.namespace}
    pg = allowed(one(objs, "NetworkPolicy", "postgres-allow"), "ingress")
    assert (component.namespace, tuple(sorted(postgres.POD_LABELS.items()))) in pg


def test_follows_its_client_operators_and_scraper():
    """The client reaches the ports the data component exports for it (PRIMARY, SENTINEL), the operators and the
    scraper come from the namespaces passed in."""
    client = Workload(name="links", namespace="apps", pod_labels={"app": "links"}, port=9090)
    pgo = dataclasses.replace(PGO, namespace="pg-ops")
    redis_operator = dataclasses.replace(REDIS_OPERATOR, namespace="redis-ops")
    monitoring = dataclasses.replace(KUBE_PROMETHEUS_STACK, namespace="metrics")
    objs = build(client=client, pgo=pgo, redis_operator=redis_operator, monitoring=monitoring)
    pg = allowed(one(objs, "NetworkPolicy", "postgres-allow"), "ingress")
    rd = allowed(one(objs, "NetworkPolicy", "redis-allow"), "ingress")
    assert pg[workload_peer(client)] == {postgres.PRIMARY.port}
    assert redis.SENTINEL.port in rd[workload_peer(client)]
    assert (pgo.namespace, ()) in pg and (redis_operator.namespace, ()) in rd
    assert (monitoring.namespace, ()) in pg and (monitoring.namespace, ()) in rd
    old = {workload_peer(shlink.WORKLOAD), (PGO.namespace, ()), (REDIS_OPERATOR.namespace, ()),
           (KUBE_PROMETHEUS_STACK.namespace, ())}
    assert not old & (set(pg) | set(rd)), "a peer did not follow its component"
    assert client.port not in pg[workload_peer(client)] | rd[workload_peer(client)], "the client's port is no data port"
