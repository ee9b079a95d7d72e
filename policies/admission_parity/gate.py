"""The gate's verdict for one object at a PSS level: baseline runs pss_baseline, restricted runs both."""

from __future__ import annotations

from policygate.documents import Document
from policygate.engine import Engine, discover

LEVEL_POLICIES = {"baseline": ("kubernetes.pss_baseline",),
                  "restricted": ("kubernetes.pss_baseline", "kubernetes.pss_restricted")}


class GateJudge:
    def __init__(self):
        policies = {p.package: p for p in discover()}
        self._engines = {level: Engine([policies[p] for p in pkgs]) for level, pkgs in LEVEL_POLICIES.items()}

    def findings(self, doc: dict, level: str):
        return self._engines[level].evaluate([Document("-", "kubernetes", doc)])

    def verdict(self, doc: dict, level: str) -> str:
        return "denied" if any(f.level == "deny" for f in self.findings(doc, level)) else "allowed"
