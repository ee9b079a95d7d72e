"""Data layer: PGO PostgresCluster and Spotahome RedisFailover fields that matter."""

from rendered import objects, one

from urlplatform.config import load_profile


def test_postgres_cluster():
    pg = one("data", "PostgresCluster", "shlink-db")
    spec = pg["spec"]
    assert pg["apiVersion"] == "postgres-operator.crunchydata.com/v1beta1"
    assert pg["metadata"]["annotations"]["postgres-operator.crunchydata.com/autoCreateUserSchema"] == "true"
    assert spec["postgresVersion"] == load_profile("homelab").postgres.version
    [inst] = spec["instances"]
    assert inst["replicas"] >= 2
    assert inst["dataVolumeClaimSpec"]["resources"]["requests"]["storage"] == "20Gi"
    anti = inst["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
    assert anti["topologyKey"] == "kubernetes.io/hostname"
    assert spec["users"] == [{"name": "shlink", "databases": ["shlink"], "options": "NOSUPERUSER"}]
    [repo] = spec["backups"]["pgbackrest"]["repos"]
    assert repo["volume"]["volumeClaimSpec"]["resources"]["requests"]["storage"] == "20Gi"
    assert set(repo["schedules"]) == {"full", "differential"}
    assert "exporter" in spec["monitoring"]["pgmonitor"]


def test_redis_failover():
    rf = one("data", "RedisFailover", "shlink-redis")
    spec = rf["spec"]
    assert rf["apiVersion"] == "databases.spotahome.com/v1"
    assert spec["redis"]["replicas"] == 3 and spec["sentinel"]["replicas"] == 3
    pvc = spec["redis"]["storage"]["persistentVolumeClaim"]["spec"]
    assert pvc["storageClassName"] == "local-path" and pvc["resources"]["requests"]["storage"] == "8Gi"
    assert spec["auth"]["secretPath"] == "shlink-redis-auth"
    assert spec["redis"]["exporter"]["enabled"] is True
    assert ":" in spec["redis"]["exporter"]["image"] and not spec["redis"]["exporter"]["image"].endswith(":latest")


def test_data_namespace_is_below_restricted_with_reason():
    ns = one("data", "Namespace", "shlink-data")
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "baseline"
    assert ns["metadata"]["annotations"]["urlshortener.lab/pss-reason"]


def test_data_network_policies_admit_shlink_only_on_data_ports():
    pg = one("data", "NetworkPolicy", "postgres-allow")["spec"]
    from_shlink = [r for r in pg["ingress"] for p in r["from"]
                   if p.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name") == "shlink"]
    assert [p["port"] for r in from_shlink for p in r["ports"]] == [5432]
    assert {"Ingress", "Egress"} == set(pg["policyTypes"])
    assert one("data", "NetworkPolicy", "default-deny-all")["spec"]["podSelector"] == {}


def test_no_secret_with_data_anywhere():
    assert not [o for o in objects(kind="Secret") if o.get("data") or o.get("stringData")]
    assert not [o for o in objects(profile="kind", kind="Secret")]
