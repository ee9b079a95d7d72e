"""Cross-object invariants of the whole rendered tree: one credential has one source, and nothing is applied
before its namespace or its CRD exists.
"""

import posixpath

import pytest
from rendered import objects, tree

from urlplatform.config import load_profile
from urlplatform.components.registry import crd_providers

PROFILES = ["homelab", "kind"]
WAVE = "argocd.argoproj.io/sync-wave"
# Exist before the root Application is applied: the cluster's own namespaces, and argocd, where ArgoCD is
# bootstrapped by hand and the root Application lives (ADR 0002).
PREEXISTING_NAMESPACES = {"default", "kube-system", "argocd"}
BUILTIN_GROUPS = {"", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io",
                  "admissionregistration.k8s.io", "apiextensions.k8s.io", "storage.k8s.io", "scheduling.k8s.io"}


# --- secrets: the same credential is read from the same Vault key and property ---------------------------------


def _external_secret(namespace: str, secret: str, profile: str) -> dict:
    [es] = [e for e in objects(kind="ExternalSecret", profile=profile)
            if e["metadata"]["namespace"] == namespace and e["spec"]["target"]["name"] == secret]
    return es


def _remote_ref(namespace: str, secret: str, key: str, profile: str) -> tuple[str, str]:
    es = _external_secret(namespace, secret, profile)
    [entry] = [d for d in es["spec"]["data"] if d["secretKey"] == key]
    return entry["remoteRef"]["key"], entry["remoteRef"]["property"]


def _same_refresh(namespace_a: str, secret_a: str, namespace_b: str, secret_b: str, profile: str) -> None:
    """Both copies of one credential poll Vault on the same schedule, so a rotation reaches both within one bound
    (ESO spec.refreshInterval: external-secrets/external-secrets@v0.12.1 apis/externalsecrets/v1beta1)."""
    a = _external_secret(namespace_a, secret_a, profile)["spec"]["refreshInterval"]
    b = _external_secret(namespace_b, secret_b, profile)["spec"]["refreshInterval"]
    assert a == b, f"{namespace_a}/{secret_a} refreshes every {a} but {namespace_b}/{secret_b} every {b}"


def _file_source(deployment: dict, path: str) -> tuple[str, str]:
    """(Secret name, key) behind a file path mounted into the pod."""
    spec = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for c in spec["containers"]:
        for m in c.get("volumeMounts", []):
            rel = posixpath.relpath(path, m["mountPath"])
            vol = volumes[m["name"]]
            if rel.startswith("..") or "secret" not in vol:
                continue
            for item in vol["secret"].get("items", [{"key": rel, "path": rel}]):
                if item["path"] == rel:
                    return vol["secret"]["secretName"], item["key"]
    raise AssertionError(f"{path} is not a file of a mounted Secret")


def _shlink(profile):
    [d] = [o for o in objects("shlink", "Deployment", profile) if o["metadata"]["name"] == "shlink"]
    env = {e["name"]: e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
    return d, env


@pytest.mark.parametrize("profile", [p for p in PROFILES if objects(kind="ExternalSecret", profile=p)])
def test_redis_password_has_one_vault_source(profile):
    """Shlink's Redis password file and the RedisFailover's auth Secret (`password` key, read by the operator:
    spotahome/redis-operator@Chart-3.3.0 operator/redisfailover/service/generator.go) come from one Vault field."""
    d, env = _shlink(profile)
    secret, key = _file_source(d, env["REDIS_SERVERS_PASSWORD_FILE"])
    shlink_side = _remote_ref(d["metadata"]["namespace"], secret, key, profile)
    [rf] = objects(kind="RedisFailover", profile=profile)
    redis_side = _remote_ref(rf["metadata"]["namespace"], rf["spec"]["auth"]["secretPath"], "password", profile)
    assert shlink_side == redis_side
    _same_refresh(d["metadata"]["namespace"], secret, rf["metadata"]["namespace"], rf["spec"]["auth"]["secretPath"],
                  profile)


@pytest.mark.parametrize("profile", [p for p in PROFILES if objects(kind="ExternalSecret", profile=p)])
def test_db_password_has_one_vault_source(profile):
    """Shlink's DB password file and PGO's user Secret `<cluster>-pguser-<user>` (`password` key) come from one
    Vault field, and the user Shlink logs in as is that PostgresCluster user."""
    d, env = _shlink(profile)
    secret, key = _file_source(d, env["DB_PASSWORD_FILE"])
    shlink_side = _remote_ref(d["metadata"]["namespace"], secret, key, profile)
    [pg] = objects(kind="PostgresCluster", profile=profile)
    users = [u["name"] for u in pg["spec"]["users"]]
    matching = [u for u in users if env.get("DB_NAME") in next(x for x in pg["spec"]["users"] if x["name"] == u)
                .get("databases", [])]
    assert len(matching) == 1, f"one PostgresCluster user should own database {env.get('DB_NAME')}"
    pg_secret = f"{pg['metadata']['name']}-pguser-{matching[0]}"
    assert _remote_ref(pg["metadata"]["namespace"], pg_secret, "password", profile) == shlink_side
    _same_refresh(d["metadata"]["namespace"], secret, pg["metadata"]["namespace"], pg_secret, profile)
    user_ref = _remote_ref(d["metadata"]["namespace"], *_file_source(d, env["DB_USER_FILE"]), profile)
    assert user_ref[0] == shlink_side[0], "user and password of one login come from one Vault secret"


# --- ordering: namespaces and CRDs exist before anything is applied into them --------------------------------


def _apps(profile):
    return {a["metadata"]["name"]: a for a in objects("apps", "Application", profile)}


def _wave(app):
    return int(app["metadata"]["annotations"].get(WAVE, "0"))


def namespace_creators(profile) -> dict[str, tuple[str, int]]:
    """namespace -> (Application, wave) that creates it: a rendered Namespace object or CreateNamespace=true."""
    apps = _apps(profile)
    creators: dict[str, list[tuple[str, int]]] = {}
    for name, app in apps.items():
        if "CreateNamespace=true" in app["spec"]["syncPolicy"].get("syncOptions", []):
            creators.setdefault(app["spec"]["destination"]["namespace"], []).append((name, _wave(app)))
        for o in tree(profile).get(name, []):
            if o["kind"] == "Namespace":
                creators.setdefault(o["metadata"]["name"], []).append((name, _wave(app)))
    for ns, found in creators.items():
        assert len(found) == 1, f"namespace {ns} is created by {found}"
    return {ns: found[0] for ns, found in creators.items()}


def _placements(profile):
    """(Application, wave, namespace) of every namespaced object ArgoCD applies, and of every Helm release."""
    apps = _apps(profile)
    for name, app in apps.items():
        if "chart" in app["spec"]["source"]:
            yield name, _wave(app), app["spec"]["destination"]["namespace"]
        for o in tree(profile).get(name, []):
            ns = o["metadata"].get("namespace")
            if ns and o["kind"] != "Namespace":
                yield name, _wave(app), ns


@pytest.mark.parametrize("profile", PROFILES)
def test_every_namespace_exists_before_objects_are_applied_into_it(profile):
    creators = namespace_creators(profile)
    checked = 0
    for app, wave, ns in _placements(profile):
        if ns in PREEXISTING_NAMESPACES:
            continue
        assert ns in creators, f"{app} applies into {ns}, which no Application creates"
        creator, creator_wave = creators[ns]
        assert creator == app or creator_wave < wave, \
            f"{app} (wave {wave}) applies into {ns}, created by {creator} in wave {creator_wave}"
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("profile", PROFILES)
def test_every_custom_resource_comes_after_its_crd(profile):
    """Every non-built-in API group in the tree has a known providing Application in a strictly earlier wave."""
    apps = _apps(profile)
    providers = crd_providers(load_profile(profile))
    for name, app in apps.items():
        for o in tree(profile).get(name, []):
            group = o["apiVersion"].rsplit("/", 1)[0] if "/" in o["apiVersion"] else ""
            if group in BUILTIN_GROUPS:
                continue
            assert group in providers, f"{name}: {o['kind']} of {group} has no known CRD provider"
            provider = providers[group]
            if provider not in apps:  # argoproj.io: ArgoCD is bootstrapped before the root Application
                assert group == "argoproj.io", f"{group} provider {provider} is not an Application of {profile}"
                continue
            assert _wave(apps[provider]) < _wave(app) or provider == name, \
                f"{name} (wave {_wave(app)}) uses {group} from {provider} (wave {_wave(apps[provider])})"
