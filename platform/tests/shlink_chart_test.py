"""Field-level assertions on the Shlink chart rendered from the homelab profile."""

import pytest

from urlplatform.config import load_profile
from urlplatform.render import render


@pytest.fixture(scope="module")
def objs():
    return render(load_profile("homelab"))["shlink"]


def one(objs, kind, name=None):
    found = [o for o in objs if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''}, got {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def pod(objs):
    return one(objs, "Deployment", "shlink")["spec"]["template"]["spec"]


@pytest.fixture(scope="module")
def env(pod):
    return {e["name"]: e["value"] for e in pod["containers"][0]["env"]}


def test_namespace(objs):
    labels = one(objs, "Namespace", "shlink")["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["istio-injection"] == "enabled"


def test_three_replicas_of_configured_image(objs, pod):
    profile = load_profile("homelab")
    assert one(objs, "Deployment")["spec"]["replicas"] == 3
    assert pod["containers"][0]["image"] == profile.shlink.image.ref
    assert "phpredis" in pod["containers"][0]["image"]


def test_redis_through_sentinel(env):
    assert env["REDIS_SERVERS"].endswith(":26379")
    assert env["REDIS_SERVERS"].startswith("tcp://rfs-shlink-redis.")
    assert env["REDIS_SENTINEL_SERVICE"] == "mymaster"
    assert env["REDIS_SERVERS_PASSWORD_FILE"].startswith("/etc/shlink/secrets/")


def test_secrets_are_files_never_literals(env, pod):
    for var in ("DB_USER_FILE", "DB_PASSWORD_FILE", "REDIS_SERVERS_PASSWORD_FILE", "INITIAL_API_KEY_FILE"):
        assert env[var].startswith("/etc/shlink/secrets/")
    assert not {"DB_PASSWORD", "DB_USER", "INITIAL_API_KEY", "REDIS_SERVERS_PASSWORD"} & set(env)
    mounted = {m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
    for var in ("DB_PASSWORD_FILE", "REDIS_SERVERS_PASSWORD_FILE", "INITIAL_API_KEY_FILE"):
        assert env[var].rsplit("/", 1)[0] in mounted


def test_app_settings(env):
    assert env["DB_DRIVER"] == "postgres"
    assert env["DB_HOST"] == "shlink-db-primary.shlink-data.svc.cluster.local"
    assert env["DEFAULT_DOMAIN"] == "shlink.local"
    assert env["IS_HTTPS_ENABLED"] == "true"
    assert env["LOGS_FORMAT"] == "json"
    assert env["CACHE_NAMESPACE"] == "shlink"
    assert env["TRUSTED_PROXIES"]


def test_probes_resources_and_writable_dirs(pod):
    c = pod["containers"][0]
    assert c["readinessProbe"]["httpGet"]["path"] == "/rest/health"
    assert c["livenessProbe"]["tcpSocket"]["port"] == "http"
    assert c["resources"] == {"requests": {"cpu": "100m", "memory": "256Mi"},
                              "limits": {"cpu": "500m", "memory": "512Mi"}}
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    scratch = {m["mountPath"] for m in c["volumeMounts"] if m["name"].startswith("scratch")}
    assert scratch == {"/etc/shlink/data", "/tmp"}
    assert pod["securityContext"]["runAsUser"] != 0


def test_no_prometheus_scrape_annotations(objs):
    dep = one(objs, "Deployment")
    annotations = dep["spec"]["template"]["metadata"].get("annotations", {})
    assert not [k for k in annotations if k.startswith("prometheus.io")]


def test_pdb_for_replicas(objs):
    assert one(objs, "PodDisruptionBudget", "shlink")["spec"]["maxUnavailable"] == 1


def test_network_policies(objs):
    deny = one(objs, "NetworkPolicy", "default-deny-all")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    allow = one(objs, "NetworkPolicy", "shlink-allow")["spec"]
    ingress_ns = {p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]: r["ports"][0]["port"]
                  for r in allow["ingress"] for p in r["from"]}
    assert ingress_ns["istio-ingress"] == 8080
    egress_ports = sorted(p["port"] for r in allow["egress"] for p in r["ports"])
    assert egress_ports == [53, 53, 5432, 6379, 15012, 26379]
