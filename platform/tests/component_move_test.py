"""A component's namespace or port is stated in one place, and changing it there moves the whole tree.

Each case edits one literal in a copy of the package's source, renders both profiles from the copy in a fresh
interpreter and compares with the unedited render: every occurrence of the old value (as a whole token:
namespace, DNS label, principal path, port) must be gone, and putting the old value back in place of the
new one must give the unedited tree byte for byte, so nothing else changed. Before the component modules,
moving a profile namespace moved the Helm Application but left the ServiceMonitors, Kiali URLs, the
Gateway, the AuthorizationPolicy principal and Shlink's NetworkPolicy behind.

Postgres's 5432 and Redis's 6379/26379 are not cases: they are the operators' ports (PGO `spec.port`
default, Spotahome's fixed sentinel Service), facts of upstream rather than ours to move."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path("platform")  # runfiles root is the working directory
RENDER = """
import json, sys
from urlplatform.config import load_profile
from urlplatform.render import render, tree_files
out = {}
for name in ("homelab", "kind"):
    p = load_profile(name)
    out[name] = tree_files(render(p), p)
json.dump(out, sys.stdout)
"""
# (component module, the one literal, its replacement, the token it renders as, the token it becomes)
CASES = {
    "data_namespace": ("components/data.py", 'namespace="shlink-data"', 'namespace="kv-store"', "shlink-data", "kv-store"),
    "gateway_namespace": ("components/istio.py", 'namespace="istio-ingress"', 'namespace="edge"', "istio-ingress", "edge"),
    "istio_namespace": ("components/istio.py", 'NAMESPACE = "istio-system"', 'NAMESPACE = "mesh-core"', "istio-system",
                        "mesh-core"),
    "shlink_port": ("components/shlink.py", "port=8080", "port=8181", "8080", "8181"),
}


def _copy(tmp: Path) -> Path:
    root = tmp / "platform"
    shutil.copytree(SOURCE / "urlplatform", root / "urlplatform", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SOURCE / "profiles", root / "profiles")
    return root


def _render(root: Path) -> dict[str, dict[str, str]]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root)] + sys.path), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", RENDER], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _tokens(text: str) -> list[str]:
    return re.split(r"[^A-Za-z0-9-]+", text)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return _render(_copy(tmp_path_factory.mktemp("baseline")))


def test_the_copy_renders_the_committed_homelab_tree(baseline):
    committed = {str(p.relative_to(SOURCE / "rendered" / "homelab")): p.read_text()
                 for p in sorted((SOURCE / "rendered" / "homelab").rglob("*")) if p.is_file()}
    assert baseline["homelab"] == committed


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_edit_moves_every_object(case, baseline, tmp_path):
    rel, literal, replacement, old, new = CASES[case]
    sources = {p: p.read_text() for p in sorted((SOURCE / "urlplatform").rglob("*.py"))}
    stated = [str(p) for p, text in sources.items() for _ in re.finditer(re.escape(literal), text)]
    assert stated == [str(SOURCE / "urlplatform" / rel)], f"{literal} must be stated once, found in {stated}"
    value = literal.split("=", 1)[1].strip().strip('"')
    quoted = [str(p) for p, text in sources.items() if re.search(rf"(?<![\w.-])[\"']?{re.escape(value)}[\"']?(?![\w.-])", text)
              and p != SOURCE / "urlplatform" / rel]
    assert not quoted, f"the value {value} is also written in {quoted}"
    for name, files in baseline.items():
        assert new not in {t for text in files.values() for t in _tokens(text)}, f"{new} already in the {name} tree"

    root = _copy(tmp_path)
    target = root / "urlplatform" / rel
    target.write_text(target.read_text().replace(literal, replacement))
    moved = _render(root)
    for name, files in moved.items():
        left = sorted(path for path, text in files.items() if old in _tokens(text) or old in _tokens(path))
        assert not left, f"{name}: {old} stayed behind in {left}"
        # Lines compared as multisets: the AppProject sorts its destinations, so a renamed namespace may move.
        back = {path.replace(new, old): sorted(text.replace(new, old).splitlines()) for path, text in files.items()}
        base = {path: sorted(text.splitlines()) for path, text in baseline[name].items()}
        changed = sorted(p for p in set(back) | set(base) if back.get(p) != base.get(p))
        assert not changed, f"{name}: more than {old} -> {new} changed in {changed}"
        assert any(new in _tokens(text) for text in files.values())
