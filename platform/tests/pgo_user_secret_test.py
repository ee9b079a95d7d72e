"""The Postgres user Secret as PGO 5.7 and External Secrets 0.12 really handle it.

PGO pin: chart 5.7.2; the mirror has no v5.7.2 tag, so evidence is CrunchyData/postgres-operator@d39787adc
(branch REL_5_7, the post-5.7.2 release bump; v5.7.9 has the same code for these paths)."""

from rendered import objects, one

from urlplatform.components import postgres

CLUSTER_LABEL = "postgres-operator.crunchydata.com/cluster"
PGUSER_LABEL = "postgres-operator.crunchydata.com/pguser"


def pg_user_external_secret() -> tuple[dict, dict, dict]:
    [pg] = objects("data", "PostgresCluster")
    [user] = pg["spec"]["users"]
    name = f"{pg['metadata']['name']}-pguser-{user['name']}"
    return pg, user, one("data", "ExternalSecret", name)


def test_external_secret_targets_the_secret_pgo_reads():
    """Evidence: CrunchyData/postgres-operator@d39787adc:internal/naming/names.go PostgresUserSecret
    (`<cluster>-pguser-<user>`, in the cluster's namespace)."""
    pg, user, es = pg_user_external_secret()
    assert es["metadata"]["namespace"] == pg["metadata"]["namespace"]
    assert es["spec"]["target"]["name"] == f"{pg['metadata']['name']}-pguser-{user['name']}"


def test_secret_carries_the_labels_pgo_selects_user_secrets_by():
    """PGO lists user Secrets by label only (cluster=<cluster>, pguser exists) and maps them to users by the
    pguser value; an unlabelled Secret is not found and PGO writes a generated password. Evidence:
    CrunchyData/postgres-operator@d39787adc:internal/naming/selectors.go ClusterPostgresUsers,
    internal/controller/postgrescluster/postgres.go reconcilePostgresUserSecrets, internal/naming/labels.go."""
    pg, user, es = pg_user_external_secret()
    labels = es["spec"]["target"]["template"]["metadata"]["labels"]
    assert labels[CLUSTER_LABEL] == pg["metadata"]["name"]
    assert labels[PGUSER_LABEL] == user["name"]
    assert postgres.user_secret_labels() == {CLUSTER_LABEL: pg["metadata"]["name"], PGUSER_LABEL: user["name"]}


def test_eso_neither_claims_controller_ownership_nor_wipes_pgo_keys():
    """PGO server-side-applies the Secret with itself as controller owner, so ESO's `Owner` (controller
    ownerReference) makes PGO's apply fail; `Orphan` clears every key ESO does not template on each sync
    (PGO's host/port/uri/verifier), PGO writes them back and the two fight. `Merge` writes only its keys.
    Evidence: CrunchyData/postgres-operator@d39787adc:internal/controller/postgrescluster/postgres.go
    generatePostgresUserSecret (setControllerReference) and apply.go (force apply);
    external-secrets/external-secrets@v0.12.1:pkg/controllers/externalsecret/externalsecret_controller.go
    (mutationFunc: SetControllerReference only for Owner) and externalsecret_controller_template.go
    applyTemplate (keeps existing keys only for Merge)."""
    _, _, es = pg_user_external_secret()
    assert es["spec"]["target"]["creationPolicy"] == "Merge"
    assert es["spec"]["target"]["deletionPolicy"] != "Delete"  # Delete+Merge is rejected by ESO's webhook


def test_password_comes_with_its_verifier():
    """PGO keeps an existing `password` *and* `verifier` and computes a SCRAM verifier only when the
    verifier is empty; it cannot compare a password with a verifier, so a rotated password with a stale
    verifier would leave the role unchanged. Evidence: CrunchyData/postgres-operator@d39787adc:
    internal/controller/postgrescluster/postgres.go generatePostgresUserSecret;
    testing/kuttl/e2e/password-change/04--secret.yaml (password and verifier set together)."""
    _, _, es = pg_user_external_secret()
    refs = {d["secretKey"]: d["remoteRef"] for d in es["spec"]["data"]}
    assert {"password", "verifier"} <= set(refs)
    assert refs["password"]["key"] == refs["verifier"]["key"], "password and verifier must rotate together"


def test_shlink_and_pgo_read_the_same_password():
    """Shlink's DB password file and the PGO user Secret come from one Vault property."""
    _, _, es = pg_user_external_secret()
    dep = one("shlink", "Deployment", "shlink")
    env = {e["name"]: e["value"] for e in dep["spec"]["template"]["spec"]["containers"][0]["env"]}
    mount_dir, key = env["DB_PASSWORD_FILE"].rsplit("/", 1)
    pod = dep["spec"]["template"]["spec"]
    [mount] = [m for m in pod["containers"][0]["volumeMounts"] if m["mountPath"] == mount_dir]
    [vol] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    shlink_es = one("shlink", "ExternalSecret", vol["secret"]["secretName"])
    shlink_ref = {d["secretKey"]: d["remoteRef"] for d in shlink_es["spec"]["data"]}[key]
    assert {d["secretKey"]: d["remoteRef"] for d in es["spec"]["data"]}["password"] == shlink_ref
