"""Shlink 4.6.0 as upstream really behaves, checked on the rendered tree of every profile.

Each test names its evidence as owner/repo@tag:path. Pinned: Shlink v4.6.0, which requires
shlink-common ^7.2 (v7.2.0), shlink-config ^4.0, predis ^2.4 (v2.4.0/v2.4.1, same code here),
and Spotahome redis-operator Chart-3.3.0 (operator v1.3.0)."""

from urllib.parse import urlsplit

import pytest
from rendered import objects, one

from urlplatform.config import load_profile

PROFILES = ("homelab", "kind")

# shlinkio/shlink@v4.6.0:module/Core/src/Config/EnvVars.php: the variables Shlink reads (each also as
# NAME_FILE), restricted to those this platform may set; plus RoadRunner's pool sizes, read by
# shlinkio/shlink@v4.6.0:config/roadrunner/.rr.yml as ${WEB_WORKER_NUM:-0} / ${TASK_WORKER_NUM:-0}.
SHLINK_ENV_VARS = {
    "DB_DRIVER", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_HOST", "DB_PORT", "DB_USE_ENCRYPTION",
    "CACHE_NAMESPACE", "REDIS_SERVERS", "REDIS_SENTINEL_SERVICE", "REDIS_SERVERS_USER", "REDIS_SERVERS_PASSWORD",
    "REDIS_PUB_SUB_ENABLED", "REDIRECT_STATUS_CODE", "REDIRECT_CACHE_LIFETIME", "IS_HTTPS_ENABLED",
    "DEFAULT_DOMAIN", "AUTO_RESOLVE_TITLES", "TIMEZONE", "MEMORY_LIMIT", "INITIAL_API_KEY", "TRUSTED_PROXIES",
    "LOGS_FORMAT", "GEOLITE_LICENSE_KEY", "SKIP_INITIAL_GEOLITE_DOWNLOAD", "ANONYMIZE_REMOTE_ADDR",
}
RR_ENV_VARS = {"WEB_WORKER_NUM", "TASK_WORKER_NUM"}
# shlinkio/shlink-config@v4.0.0:functions/functions.php parseEnvVar: trimmed, case-insensitive.
FALSE_WORDS = {"false", "(false)"}


def shlink_pod(profile: str) -> dict:
    return one("shlink", "Deployment", "shlink", profile)["spec"]["template"]


def container(profile: str) -> dict:
    return shlink_pod(profile)["spec"]["containers"][0]


def env(profile: str) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container(profile)["env"]}


def mib(quantity: str) -> int:
    num, unit = int(quantity[:-2]), quantity[-2:]
    return num * {"Mi": 1, "Gi": 1024}[unit]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_env_var_is_one_shlink_or_roadrunner_reads(profile):
    """A misspelt variable is silently ignored. Evidence: shlinkio/shlink@v4.6.0:module/Core/src/Config/EnvVars.php
    (`loadFromEnv` falls back to NAME_FILE, read and trimmed) and config/roadrunner/.rr.yml."""
    for name in env(profile):
        base = name.removesuffix("_FILE")
        assert base in SHLINK_ENV_VARS | RR_ENV_VARS, f"{name}: not read by Shlink 4.6.0"
        if name.endswith("_FILE"):
            assert base in SHLINK_ENV_VARS, f"{name}: RoadRunner variables have no _FILE form"


@pytest.mark.parametrize("profile", PROFILES)
def test_redis_servers_lists_at_least_two_sentinels_of_the_redisfailover(profile):
    """One URI is not Sentinel mode. Evidence: shlinkio/shlink-common@v7.2.0:src/Cache/RedisFactory.php
    (a single server is returned as plain parameters, a list as a list; `sentinel_service` adds
    `replication => sentinel`) and predis/predis@v2.4.1:src/Client.php createConnection (only an array with
    index 0 reaches the `replication` initializer; plain parameters make a direct connection).
    Service: spotahome/redis-operator@Chart-3.3.0:operator/redisfailover/service/names.go + constants.go
    ("rf" + "s" + "-" + name) and generator.go generateSentinelService (port 26379)."""
    e = env(profile)
    [rf] = objects("data", "RedisFailover", profile)
    service, ns = f"rfs-{rf['metadata']['name']}", rf["metadata"]["namespace"]
    same_service = {f"{service}.{ns}", f"{service}.{ns}.svc", f"{service}.{ns}.svc.cluster.local"}
    uris = [u.strip() for u in e["REDIS_SERVERS"].split(",")]
    assert len(uris) >= 2, "REDIS_SERVERS needs two or more sentinel URIs, or predis ignores replication"
    assert len(set(uris)) == len(uris)
    for uri in uris:
        parts = urlsplit(uri)
        assert parts.scheme == "tcp" and parts.port == 26379, uri
        assert parts.hostname in same_service, f"{uri}: not the sentinel Service {service}.{ns}"
        # Spotahome sentinels have no requirepass; a password here would be sent to them.
        assert parts.username is None and parts.password is None and parts.path in ("", "/"), uri


@pytest.mark.parametrize("profile", PROFILES)
def test_sentinel_master_name_is_the_operators_fixed_one(profile):
    """Evidence: spotahome/redis-operator@Chart-3.3.0:operator/redisfailover/service/generator.go
    (sentinel.conf template: `sentinel monitor mymaster ...`; not configurable in the CRD) and
    shlinkio/shlink@v4.6.0:config/autoload/cache.global.php (REDIS_SENTINEL_SERVICE -> sentinel_service)."""
    assert env(profile)["REDIS_SENTINEL_SERVICE"] == "mymaster"


@pytest.mark.parametrize("profile", PROFILES)
def test_redis_password_reaches_the_master_not_the_sentinels(profile):
    """Evidence: shlinkio/shlink-common@v7.2.0:src/Cache/RedisFactory.php resolveOptions (in sentinel mode
    REDIS_SERVERS_PASSWORD becomes predis `parameters.password`, used for master/replica connections);
    spotahome/redis-operator@Chart-3.3.0:operator/redisfailover/service/generator.go reads key `password`
    of spec.auth.secretPath for requirepass/masterauth."""
    e = env(profile)
    pod = shlink_pod(profile)["spec"]
    path = e["REDIS_SERVERS_PASSWORD_FILE"]
    mount_dir, key = path.rsplit("/", 1)
    [mount] = [m for m in container(profile)["volumeMounts"] if m["mountPath"] == mount_dir]
    [vol] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert [i["key"] for i in vol["secret"]["items"]] == [key]
    [rf] = objects("data", "RedisFailover", profile)
    if load_profile(profile).uses_vault:
        shlink_side = one("shlink", "ExternalSecret", vol["secret"]["secretName"], profile)["spec"]["data"]
        redis_side = one("data", "ExternalSecret", rf["spec"]["auth"]["secretPath"], profile)["spec"]["data"]
        source = {d["secretKey"]: d["remoteRef"] for d in shlink_side}[key]
        assert {d["secretKey"]: d["remoteRef"] for d in redis_side}["password"] == source


@pytest.mark.parametrize("profile", PROFILES)
def test_titles_are_not_resolved(profile):
    """AUTO_RESOLVE_TITLES defaults to true (every create fetches the long URL); egress is denied.
    Evidence: shlinkio/shlink@v4.6.0:module/Core/src/Config/EnvVars.php defaultValue and
    module/Core/src/ShortUrl/Helper/ShortUrlTitleResolutionHelper.php."""
    assert env(profile)["AUTO_RESOLVE_TITLES"].strip().lower() in FALSE_WORDS


@pytest.mark.parametrize("profile", PROFILES)
def test_redirect_status_is_explicit_and_one_shlink_accepts(profile):
    """Evidence: shlinkio/shlink@v4.6.0:module/Core/src/Util/RedirectStatus.php (301, 302, 307, 308) and
    config/constants.php (default 302). The perf scenario checks for 302 (perf/k6harness/scenario.js)."""
    code = int(env(profile)["REDIRECT_STATUS_CODE"])
    assert code in {301, 302, 307, 308}
    assert code == load_profile(profile).shlink.redirect_status_code == 302


@pytest.mark.parametrize("profile", PROFILES)
def test_workers_and_php_memory_fit_the_pod(profile):
    """WEB_WORKER_NUM/TASK_WORKER_NUM 0 (the default) means one worker per node CPU, and MEMORY_LIMIT
    (default 512M) applies to each PHP worker. Evidence: shlinkio/shlink@v4.6.0:config/roadrunner/.rr.yml,
    config/container.php (ini_set memory_limit), module/Core/src/Config/EnvVars.php."""
    e, c = env(profile), container(profile)
    web, task = int(e["WEB_WORKER_NUM"]), int(e["TASK_WORKER_NUM"])
    assert web >= 2 and task >= 1
    assert e["MEMORY_LIMIT"].endswith("M"), "a bare number reaches ini_set as bytes"
    php = int(e["MEMORY_LIMIT"][:-1])
    assert (web + task) * php < mib(c["resources"]["limits"]["memory"])


@pytest.mark.parametrize("profile", PROFILES)
def test_liveness_does_not_depend_on_the_database(profile):
    """/rest/health runs a DB query and answers 503 when it fails (no API key needed, also unversioned).
    Evidence: shlinkio/shlink@v4.6.0:module/Rest/src/Action/HealthAction.php, module/Rest/config/auth.config.php,
    module/Rest/src/ConfigProvider.php."""
    c = container(profile)
    assert "httpGet" not in c["livenessProbe"]
    assert c["livenessProbe"]["tcpSocket"]["port"] in (c["ports"][0]["name"], c["ports"][0]["containerPort"])
    for probe in ("readinessProbe", "startupProbe"):
        assert c[probe]["httpGet"]["path"] == "/rest/health"


@pytest.mark.parametrize("profile", PROFILES)
def test_pre_stop_pause_fits_in_the_grace_period_and_the_sidecar_outlives_it(profile):
    """Evidence for the sidecar: istio/istio@1.24.2:pkg/config/mesh/mesh.go (terminationDrainDuration
    defaults to 5s) and pkg/envoy/agent.go (the proxy exits after it)."""
    import json

    tpl = shlink_pod(profile)
    c = tpl["spec"]["containers"][0]
    cmd = c["lifecycle"]["preStop"]["exec"]["command"]
    assert cmd[0] == "sleep"
    pause = int(cmd[1])
    assert 5 <= pause <= tpl["spec"]["terminationGracePeriodSeconds"] - 10
    drain = json.loads(tpl["metadata"]["annotations"]["proxy.istio.io/config"])["terminationDrainDuration"]
    assert int(drain.removesuffix("s")) > pause


@pytest.mark.parametrize("profile", PROFILES)
def test_gateway_strips_every_client_ip_header_shlink_trusts_before_x_forwarded_for(profile):
    """Shlink takes the client IP from the first non-empty of CF-Connecting-IP, X-Forwarded-For,
    X-Forwarded, Forwarded, True-Client-IP, X-Real-IP, X-Cluster-Client-Ip, Client-Ip. Evidence:
    shlinkio/shlink@v4.6.0:config/autoload/ip-address.global.php; akrabat/ip-address-middleware@2.6.1:src/IpAddress.php
    (first non-empty header wins)."""
    inspected = ["CF-Connecting-IP", "X-Forwarded-For", "X-Forwarded", "Forwarded", "True-Client-IP",
                 "X-Real-IP", "X-Cluster-Client-Ip", "Client-Ip"]
    # A numeric TRUSTED_PROXIES is a hop count: the middleware appends REMOTE_ADDR (the sidecar, trusted)
    # and returns the first untrusted address from the right beyond the count, i.e. with 1 the address
    # the gateway appended to X-Forwarded-For (the peer it saw), never one the client wrote.
    assert env(profile)["TRUSTED_PROXIES"] == "1"
    vs = one("mesh", "VirtualService", "shlink", profile)
    for route in vs["spec"]["http"]:
        removed = {h.lower() for h in route["headers"]["request"]["remove"]}
        assert {h.lower() for h in inspected if h != "X-Forwarded-For"} <= removed
        assert "x-forwarded-for" not in removed


@pytest.mark.parametrize("profile", PROFILES)
def test_database_is_the_pgo_primary_service_and_user(profile):
    """Evidence: CrunchyData/postgres-operator@d39787adc (REL_5_7 at the 5.7.2 release):
    internal/naming/names.go ClusterPrimaryService (`<cluster>-primary`) and PostgresUserSecret."""
    e = env(profile)
    [pg] = objects("data", "PostgresCluster", profile)
    host = e["DB_HOST"].split(".")
    assert host[:2] == [f"{pg['metadata']['name']}-primary", pg["metadata"]["namespace"]]
    assert e["DB_DRIVER"] == "postgres" and e["DB_PORT"] == "5432"
    [user] = pg["spec"]["users"]
    assert e["DB_NAME"] in user["databases"]


def spotahome_pod_labels(rf: dict) -> list[dict]:
    """Labels Spotahome puts on the Redis and Sentinel pods of a RedisFailover. Evidence:
    spotahome/redis-operator@Chart-3.3.0:operator/redisfailover/service/client.go generateSelectorLabels
    (name, component "redis"/"sentinel", part-of "redis-failover"); constants.go redisRoleName/sentinelRoleName."""
    name = rf["metadata"]["name"]
    return [{"app.kubernetes.io/name": name, "app.kubernetes.io/component": role,
             "app.kubernetes.io/part-of": "redis-failover"} for role in ("redis", "sentinel")]


def pgo_instance_pod_labels(pg: dict) -> dict:
    """Evidence: CrunchyData/postgres-operator@d39787adc:internal/naming/labels.go (LabelCluster on every
    instance pod), internal/controller/postgrescluster/instance.go."""
    return {"postgres-operator.crunchydata.com/cluster": pg["metadata"]["name"]}


def selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


@pytest.mark.parametrize("profile", PROFILES)
def test_shlink_egress_reaches_the_operators_pods_on_their_ports(profile):
    """Shlink's egress NetworkPolicy must select the pods the operators really label, on 26379 (sentinels),
    6379 (the master the sentinels name) and 5432 (PGO's primary)."""
    [rf] = objects("data", "RedisFailover", profile)
    [pg] = objects("data", "PostgresCluster", profile)
    allow = one("shlink", "NetworkPolicy", "shlink-allow", profile)["spec"]
    reach = [(p["podSelector"], {x["port"] for x in r["ports"]}) for r in allow["egress"] for p in r.get("to", [])
             if "podSelector" in p]
    redis, sentinel = spotahome_pod_labels(rf)
    for labels, port in ((redis, 6379), (sentinel, 26379), (pgo_instance_pod_labels(pg), 5432)):
        assert any(selects(sel, labels) and port in ports for sel, ports in reach), (labels, port)
