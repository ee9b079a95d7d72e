"""Each construct, synthesised alone, sets the fields it promises."""

import pytest

import urlplatform  # noqa: F401  first: points jsii at the locked Node before cdk8s starts it
from cdk8s import App, Chart

from urlplatform.resources.namespace import PssNamespace
from urlplatform.resources.network import AllowPolicy, DefaultDenyPolicy, Peer, Rule
from urlplatform.resources.security import restricted_pod_security_context
from urlplatform.resources.workload import ContainerSpec, HardenedWorkload, SecretFile


def synth(build) -> list[dict]:
    chart = Chart(App(), "t", disable_resource_name_hashes=True)
    build(chart)
    return chart.to_json()


def by_kind(objs, kind):
    return [o for o in objs if o["kind"] == kind]


def container(**kw) -> ContainerSpec:
    base = dict(name="web", image="example.org/web:1.2.3", port=8080, cpu_request="100m", cpu_limit="500m",
                memory_request="64Mi", memory_limit="128Mi", readiness_path="/ready", liveness_path="/live")
    return ContainerSpec(**(base | kw))


def test_namespace_restricted_labels_and_injection():
    [ns] = synth(lambda c: PssNamespace(c, "n", name="apps", istio_injection=True))
    labels = ns["metadata"]["labels"]
    for mode in ("enforce", "audit", "warn"):
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted"
    assert labels["istio-injection"] == "enabled"


def test_namespace_below_restricted_needs_reason():
    with pytest.raises(ValueError, match="needs a reason"):
        synth(lambda c: PssNamespace(c, "n", name="cni", level="privileged"))
    [ns] = synth(lambda c: PssNamespace(c, "n", name="cni", level="privileged", reason="CNI writes host paths"))
    assert ns["metadata"]["annotations"]["urlshortener.lab/pss-reason"] == "CNI writes host paths"


def test_default_deny_selects_all_pods_both_directions():
    [np] = synth(lambda c: DefaultDenyPolicy(c, "d", namespace="apps"))
    assert np["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_allow_policy_rules_and_dns():
    [np] = synth(lambda c: AllowPolicy(
        c, "a", name="web", namespace="apps", pod_labels={"app": "web"},
        ingress=(Rule(peers=(Peer(namespace="gw"),), ports=(8080,)),),
        egress=(Rule(peers=(Peer(namespace="db", pod_labels={"role": "pg"}),), ports=(5432,)),)))
    spec = np["spec"]
    assert spec["podSelector"] == {"matchLabels": {"app": "web"}}
    assert spec["ingress"][0]["from"] == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "gw"}}}]
    assert spec["egress"][0]["to"][0]["podSelector"] == {"matchLabels": {"role": "pg"}}
    dns = [e for e in spec["egress"] if e["ports"][0]["port"] == 53]
    assert {e["ports"][0]["protocol"] for e in dns} == {"UDP", "TCP"}


def test_allow_policy_that_allows_nothing_is_an_error():
    with pytest.raises(ValueError, match="allows nothing"):
        synth(lambda c: AllowPolicy(c, "a", name="x", namespace="apps", pod_labels={}, allow_dns=False))


def test_root_uid_refused():
    with pytest.raises(ValueError, match="non-zero runAsUser"):
        restricted_pod_security_context(uid=0)


@pytest.mark.parametrize("image", ["example.org/web", "example.org/web:latest"])
def test_unpinned_image_refused(image):
    with pytest.raises(ValueError, match="image"):
        container(image=image)


def test_hardened_workload_replicated():
    files = (SecretFile(secret="db", key="password", mount_dir="/etc/app/db"),)
    objs = synth(lambda c: HardenedWorkload(c, "w", name="web", namespace="apps", replicas=3,
                                            container=container(secret_files=files, writable_paths=("/tmp", "/data"))))
    assert sorted(o["kind"] for o in objs) == ["Deployment", "PodDisruptionBudget", "Service", "ServiceAccount"]
    [sa] = by_kind(objs, "ServiceAccount")
    assert sa["automountServiceAccountToken"] is False
    [dep] = by_kind(objs, "Deployment")
    pod = dep["spec"]["template"]["spec"]
    assert dep["spec"]["replicas"] == 3
    assert pod["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] == "web"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    [c] = pod["containers"]
    sc = c["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False and sc["readOnlyRootFilesystem"] is True
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert c["resources"]["limits"]["memory"] == "128Mi" and c["resources"]["requests"]["cpu"] == "100m"
    assert c["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert c["livenessProbe"]["httpGet"]["path"] == "/live"
    mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
    assert {"/tmp", "/data", "/etc/app/db"} <= set(mounts)
    assert mounts["/etc/app/db"]["readOnly"] is True
    spread = pod["topologySpreadConstraints"][0]
    assert spread["topologyKey"] == "kubernetes.io/hostname" and spread["maxSkew"] == 1
    assert pod["affinity"]["podAntiAffinity"]
    [pdb] = by_kind(objs, "PodDisruptionBudget")
    assert pdb["spec"]["maxUnavailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"] == dep["spec"]["selector"]["matchLabels"]
    [svc] = by_kind(objs, "Service")
    assert svc["spec"]["type"] == "ClusterIP" and svc["spec"]["ports"][0]["targetPort"] == "http"


def test_single_replica_has_no_pdb_or_spread():
    objs = synth(lambda c: HardenedWorkload(c, "w", name="web", namespace="apps", replicas=1, container=container()))
    assert not by_kind(objs, "PodDisruptionBudget")
    [dep] = by_kind(objs, "Deployment")
    assert "topologySpreadConstraints" not in dep["spec"]["template"]["spec"]


def test_statefulset_kind_has_service_name():
    objs = synth(lambda c: HardenedWorkload(c, "w", name="db", namespace="apps", replicas=2, kind="StatefulSet",
                                            container=container()))
    [sts] = by_kind(objs, "StatefulSet")
    assert sts["spec"]["serviceName"] == "db"
