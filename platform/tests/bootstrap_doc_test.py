"""docs/bootstrap.md: every command references files and targets that exist, and values the tree renders.

The guide is the only path from bare VMs to a Healthy root, so it is checked like code: repository paths in
its shell blocks exist (rendered files in the committed homelab tree, `NODE` expanded to every node), Bazel
labels are data of this test (the build fails if they do not exist), and the versions, release names and
Vault paths/properties/role it uses are the ones the rendered tree expects.
"""

import re
import shlex
from pathlib import Path

from rendered import objects

from urlplatform.config import load_profile

GUIDE = Path("docs/bootstrap.md")
# Bazel targets the guide may run: each is a data dependency of this test, so it exists when this builds.
RUNNABLE = {"//platform:synth": Path("platform/synth"), "//platform:pg_verifier": Path("platform/pg_verifier")}
REPO_PATH = re.compile(r"^(platform|docs|tools|policies|e2e|perf|images)/[\w./-]*$")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", GUIDE.read_text(), flags=re.S)


def words() -> list[str]:
    out = []
    for block in shell_blocks():
        for line in block.splitlines():
            try:
                out += shlex.split(line, comments=True)
            except ValueError:  # a quoted multi-line argument: split on blanks instead
                out += line.split()
    return out


def _expand(word: str) -> list[str]:
    nodes = [n.name for n in load_profile("homelab").cluster.nodes]
    return [word.replace("NODE", n) for n in nodes] if "NODE" in word else [word]


def test_guide_has_commands():
    assert len(shell_blocks()) >= 8


def test_every_repository_path_in_a_command_exists():
    paths = [p for w in words() if REPO_PATH.match(w.rstrip("/")) for p in _expand(w)]
    assert any(p.startswith("platform/rendered/homelab/k3s/") for p in paths)
    missing = [p for p in paths if not Path(p).exists()]
    assert not missing, f"docs/bootstrap.md names files that do not exist: {missing}"


def test_every_bazel_target_in_a_command_is_known_and_built():
    labels = {w for w in words() if w.startswith("//")}
    assert labels, "the guide runs synth"
    assert labels <= set(RUNNABLE), f"add {sorted(labels - set(RUNNABLE))} to RUNNABLE and this test's data"
    for label in labels:
        assert RUNNABLE[label].exists(), label


def test_helm_install_matches_the_argocd_application():
    [app] = [a for a in objects("apps", "Application") if a["metadata"]["name"] == "argocd"]
    src = app["spec"]["source"]
    text = " ".join(words())
    m = re.search(r"helm install (\S+) \S+/(\S+) --version (\S+) --namespace (\S+)", text)
    assert m, "no `helm install` of ArgoCD in the guide"
    assert m.groups() == (src["helm"]["releaseName"], src["chart"], src["targetRevision"],
                          app["spec"]["destination"]["namespace"])
    repo = re.search(r"helm repo add \S+ (\S+)", text).group(1)
    assert repo == src["repoURL"]


def test_k3s_install_pins_the_profile_version():
    versions = set(re.findall(r"INSTALL_K3S_VERSION=(\S+)", " ".join(words())))
    assert versions == {load_profile("homelab").cluster.k3s_version}


def test_vault_seed_covers_every_property_the_external_secrets_read():
    [store] = objects("secrets", "ClusterSecretStore")
    mount = store["spec"]["provider"]["vault"]["path"]
    seeded: dict[str, set[str]] = {}
    for block in shell_blocks():
        for line in block.splitlines():
            parts = shlex.split(line)
            if parts[:3] == ["vault", "kv", "put"]:
                seeded.setdefault(parts[3], set()).update(p.split("=", 1)[0] for p in parts[4:])
    wanted: dict[str, set[str]] = {}
    for es in objects(kind="ExternalSecret"):
        for d in es["spec"]["data"]:
            wanted.setdefault(f"{mount}/{d['remoteRef']['key']}", set()).add(d["remoteRef"]["property"])
    assert wanted and seeded == wanted


def test_vault_auth_setup_matches_the_store():
    vault = objects("secrets", "ClusterSecretStore")[0]["spec"]["provider"]["vault"]
    store_auth = vault["auth"]["kubernetes"]
    text = "\n".join(shell_blocks())
    assert f"vault secrets enable -path={vault['path']} kv-{vault['version']}" in text
    assert f"vault auth enable -path={store_auth['mountPath']} kubernetes" in text
    role = re.search(rf"vault write auth/{store_auth['mountPath']}/role/{store_auth['role']} (.*)", text)
    assert role, "the role the store logs in with is never created"
    opts = dict(kv.split("=", 1) for kv in role.group(1).split())
    sa = store_auth["serviceAccountRef"]
    assert (opts["bound_service_account_names"], opts["bound_service_account_namespaces"]) == (sa["name"],
                                                                                                sa["namespace"])
    policy = opts["policies"]
    assert f"vault policy write {policy} -" in text
    # KV v2 reads go through <mount>/data/<path>; the policy must cover every seeded path.
    grants = re.findall(r'path "([^"]+)"', text)
    for es in objects(kind="ExternalSecret"):
        for d in es["spec"]["data"]:
            path = f"{vault['path']}/data/{d['remoteRef']['key']}"
            assert any(re.fullmatch(g.replace("*", ".*"), path) for g in grants), path


def test_root_is_applied_as_a_folder_with_its_project():
    text = " ".join(words())
    assert "kubectl apply -f platform/rendered/homelab/root/" in text
    kinds = {o["kind"] for o in objects("root")}
    assert kinds == {"Application", "AppProject"}


def test_adr_0004_lists_the_complete_vault_setup():
    """ADR 0004 names every Vault path and property the ExternalSecrets read, the mounts, role and address."""
    adr = Path("docs/adr/0004-secrets-vault-eso-and-kind.md").read_text()
    [store] = objects("secrets", "ClusterSecretStore")
    vault = store["spec"]["provider"]["vault"]
    auth = vault["auth"]["kubernetes"]
    for es in objects(kind="ExternalSecret"):
        for d in es["spec"]["data"]:
            row = [line for line in adr.splitlines() if f"`{vault['path']}/{d['remoteRef']['key']}`" in line]
            assert row and f"`{d['remoteRef']['property']}`" in row[0], (d["remoteRef"], "missing from ADR 0004")
    host = vault["server"].split("//", 1)[1].split(":", 1)[0]
    for fact in (f"`{vault['path']}/`", f"`{auth['mountPath']}/`", f"`{auth['role']}`", host,
                 f"`{auth['serviceAccountRef']['name']}`", "unseal", "retry_join"):
        assert fact in adr, f"ADR 0004 does not state {fact}"


def test_guide_names_the_wave_that_waits_for_vault():
    """Vault's pods are unready while sealed, so root stops at the vault Application's wave until step 5."""
    [vault] = [a for a in objects("apps", "Application") if a["metadata"]["name"] == "vault"]
    wave = vault["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"]
    assert re.search(rf"## \d+\. Initialise, unseal and seed Vault \(wave {re.escape(wave)} waits here\)",
                     GUIDE.read_text())
