"""Renders findings as table, json, junit or sarif."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from policygate.engine import Finding


def table(findings: list[Finding], checked: int) -> str:
    rows = [("LEVEL", "FILE", "RESOURCE", "RULE", "MESSAGE")]
    rows += [(f.level.upper(), f.path, f.resource, f.rule, f.msg) for f in findings]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4] for r in rows] if findings else []
    denies = sum(f.level == "deny" for f in findings)
    lines.append(f"{checked} documents checked: {denies} denials, {len(findings) - denies} warnings")
    return "\n".join(lines)


def as_json(findings: list[Finding], checked: int, excepted: list[Finding]) -> str:
    return json.dumps({"checked": checked, "findings": [f.__dict__ for f in findings],
                       "excepted": [f.__dict__ for f in excepted]}, indent=2)


def junit(findings: list[Finding], checked: int) -> str:
    suite = ET.Element("testsuite", name="policy-gate", tests=str(max(checked, 1)),
                       failures=str(sum(f.level == "deny" for f in findings)))
    by_resource: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_resource.setdefault((f.path, f.resource), []).append(f)
    for (path, resource), fs in sorted(by_resource.items()):
        case = ET.SubElement(suite, "testcase", classname=path, name=resource)
        for f in fs:
            tag = "failure" if f.level == "deny" else "system-out"
            el = ET.SubElement(case, tag, message=f"{f.rule}: {f.msg}") if tag == "failure" else ET.SubElement(case, tag)
            el.text = f"{f.rule}: {f.msg}"
    if not findings:
        ET.SubElement(suite, "testcase", classname="policy-gate", name="all documents")
    return ET.tostring(suite, encoding="unicode")


def sarif(findings: list[Finding]) -> str:
    rules = sorted({f.rule for f in findings})
    run = {
        "tool": {"driver": {"name": "policy-gate", "informationUri": "https://www.openpolicyagent.org/",
                            "rules": [{"id": r, "shortDescription": {"text": r}} for r in rules]}},
        "results": [{
            "ruleId": f.rule, "level": "error" if f.level == "deny" else "warning",
            "message": {"text": f.msg},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.path}}}],
        } for f in findings],
    }
    return json.dumps({"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                       "runs": [run]}, indent=2)
