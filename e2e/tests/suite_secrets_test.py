"""The kind suite's test-only Postgres user Secret is one PGO adopts (no cluster needed).

PGO finds an existing user Secret only by the labels cluster=<cluster> and pguser=<user>, and keeps its
password, computing the verifier when none is set. Evidence: CrunchyData/postgres-operator@d39787adc
(REL_5_7, 5.7.2 release): internal/naming/selectors.go ClusterPostgresUsers,
internal/controller/postgrescluster/postgres.go reconcilePostgresUserSecrets / generatePostgresUserSecret."""

from kindlab.plan import suite_secrets
from urlplatform.config import load_profile
from urlplatform.render import render

PROFILE = load_profile("kind")
TREE = render(PROFILE)


def test_pg_user_secret_has_the_labels_pgo_selects_by():
    [pg] = [o for o in TREE["data"] if o["kind"] == "PostgresCluster"]
    [user] = pg["spec"]["users"]
    name = f"{pg['metadata']['name']}-pguser-{user['name']}"
    [secret] = [s for s in suite_secrets(PROFILE, "k", "db-pw", "r") if s["metadata"]["name"] == name]
    assert secret["metadata"]["namespace"] == pg["metadata"]["namespace"]
    labels = secret["metadata"]["labels"]
    assert labels["postgres-operator.crunchydata.com/cluster"] == pg["metadata"]["name"]
    assert labels["postgres-operator.crunchydata.com/pguser"] == user["name"]
    assert secret["stringData"]["password"] == "db-pw"
    assert not secret["stringData"].get("verifier"), "a verifier not matching the password would win"
