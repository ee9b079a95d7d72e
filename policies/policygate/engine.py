"""Evaluates every policy package on every document with regopy, conftest-style."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from regopy import Interpreter

from policygate.documents import Document

POLICY_ROOT = Path(__file__).resolve().parents[1]
DOMAINS = {"kubernetes": ("kubernetes", "istio", "argocd"), "dockerfile": ("dockerfile",)}
LEVELS = ("deny", "violation", "warn")


@dataclass(frozen=True)
class Policy:
    """One policy folder: its Rego package and whether it reads all documents at once."""

    package: str
    domain: str
    path: Path
    combined: bool

    @property
    def rules(self) -> set[str]:
        """The rule ids the policy source states (`"rule": "<domain>.<policy>.<check>"` literals)."""
        return set(re.findall(r'"rule":\s*"([^"]+)"', self.path.read_text()))


@dataclass(frozen=True)
class Finding:
    level: str  # "deny" or "warn"
    rule: str
    msg: str
    path: str
    resource: str
    policy: str


def package_of(source: str) -> str:
    m = re.search(r"^package\s+([\w.]+)", source, flags=re.M)
    if not m:
        raise ValueError("no package declaration")
    return m.group(1)


def discover(root: Path = POLICY_ROOT) -> list[Policy]:
    """All policies under <root>/<domain>/<policy>/policy.rego."""
    out = []
    for f in sorted(root.glob("*/*/policy.rego")):
        src = f.read_text()
        out.append(Policy(package_of(src), f.parent.parent.name, f,
                          bool(re.search(r"^combine\s*:=\s*true", src, flags=re.M))))
    return out


def known_rules(policies: list[Policy] | None = None) -> set[str]:
    """Every rule id the policies (default: all under POLICY_ROOT) can emit."""
    return {r for p in (policies if policies is not None else discover()) for r in p.rules}


def library_modules(root: Path = POLICY_ROOT) -> list[Path]:
    return sorted((root / "lib").glob("*.rego"))


class Engine:
    """Compiles the policies once into regopy bundles; `evaluate(docs)` runs them per document."""

    def __init__(self, policies: list[Policy] | None = None, root: Path = POLICY_ROOT):
        self.policies = policies if policies is not None else discover(root)
        self._modules = [(p.name, p.read_text()) for p in library_modules(root)]
        self._modules += [(str(p.path.relative_to(root)), p.path.read_text()) for p in self.policies]
        self._bundles: dict[str, object] = {}
        # Policies run per document, by document kind, and the cross-resource ones on all documents at once.
        self._groups = {kind: [p for p in self.policies if p.domain in domains and not p.combined]
                        for kind, domains in DOMAINS.items()}
        self._groups["combined"] = [p for p in self.policies if p.combined]

    def _bundle(self, group: str, policies: list[Policy]):
        """One compiled query returning {package: {level: results}} for `policies`."""
        if group not in self._bundles:
            parts = ", ".join(
                f'"{p.package}": {{' + ", ".join(f'"{lvl}": object.get(data.{p.package}, "{lvl}", [])'
                                                 for lvl in LEVELS) + "}" for p in policies)
            builder = Interpreter()
            for name, src in self._modules:
                builder.add_module(name, src)
            self._bundles[group] = builder.build(f"x := {{{parts}}}")
        return self._bundles[group]

    def _run(self, group: str, input_doc) -> dict:
        policies = self._groups[group]
        if not policies:
            return {}
        bundle = self._bundle(group, policies)
        runner = Interpreter()
        runner.set_input_term(json.dumps(input_doc))
        out = runner.query_bundle(bundle)
        if not out.results:
            raise RuntimeError(f"policy query returned no result: {out}")
        return out.results[0].bindings["x"]

    def evaluate(self, docs: list[Document]) -> list[Finding]:
        findings: list[Finding] = []
        runs = [(doc.kind, doc.content, doc) for doc in docs]
        k8s = [{"path": d.path, "contents": d.content} for d in docs if d.kind == "kubernetes"]
        if k8s:
            runs.append(("combined", k8s, None))
        for group, input_doc, doc in runs:
            for pkg, levels in self._run(group, input_doc).items():
                findings += [_finding(pkg, lvl, r, doc) for lvl, rs in levels.items() for r in rs]
        return sorted(findings, key=lambda f: (f.path, f.resource, f.rule, f.msg))


def _finding(pkg: str, level: str, r, doc: Document | None) -> Finding:
    r = r if isinstance(r, dict) else {"msg": str(r)}
    return Finding(level="warn" if level == "warn" else "deny", rule=r.get("rule", pkg), msg=r["msg"],
                   path=r.get("path") or (doc.path if doc else "-"),
                   resource=r.get("resource") or (doc.resource if doc else "-"), policy=pkg)
