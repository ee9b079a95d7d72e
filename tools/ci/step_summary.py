"""Writes a GitHub job summary: Bazel test counts, then the policy gate's findings table and any extra
Markdown sections (Helm render tier, OPA parity). Stdlib only: it runs on the runner's python3.

Usage: python3 tools/ci/step_summary.py --title TITLE [--testlogs DIR] [--gate GATE.json] [--section FILE.md]...
Appends to $GITHUB_STEP_SUMMARY, or prints when it is unset (local runs)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_summary import totals  # noqa: E402  (tools/test_summary.py)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def tests_section(testlogs: Path) -> str:
    if not testlogs.exists():
        return f"**Tests:** no `{testlogs}` (no test ran)\n"
    targets = sorted(p.parent.relative_to(testlogs).as_posix() for p in testlogs.rglob("test.xml"))
    c = totals(testlogs)
    return (f"**Tests:** {len(targets)} targets; {c['passed']} passed, {c['failed']} failed, "
            f"{c['skipped']} skipped\n")


def gate_section(gate_json: Path) -> str:
    """The gate's `--output json` as a Markdown table: denials first, then warnings, then waived ones."""
    try:
        data = json.loads(gate_json.read_text())
        checked, findings, excepted = data["checked"], data["findings"], data.get("excepted", [])
    except (OSError, ValueError, KeyError, TypeError) as e:
        return f"**Policy gate:** `{gate_json}` unreadable ({type(e).__name__}: {e})\n"
    denies = [f for f in findings if f["level"] == "deny"]
    warns = [f for f in findings if f["level"] != "deny"]
    lines = [f"**Policy gate** (`{gate_json.name}`): {checked} documents, {len(denies)} denials, "
             f"{len(warns)} warnings, {len(excepted)} waived", ""]
    rows = [("deny", f) for f in denies] + [("warn", f) for f in warns] + [("waived", f) for f in excepted]
    if rows:
        lines += ["| level | rule | resource | file | message |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {lvl} | {_cell(f['rule'])} | {_cell(f['resource'])} | {_cell(f['path'])} | {_cell(f['msg'])} |"
                  for lvl, f in rows]
    return "\n".join(lines) + "\n"


def render(title: str, testlogs: Path | None, gates: list[Path], sections: list[Path]) -> str:
    parts = [f"## {title}\n"]
    if testlogs is not None:
        parts.append(tests_section(testlogs))
    parts += [gate_section(g) for g in gates]
    for s in sections:
        parts.append(s.read_text() if s.exists() else f"_{s}: not produced_\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="step_summary")
    ap.add_argument("--title", required=True)
    ap.add_argument("--testlogs", type=Path)
    ap.add_argument("--gate", type=Path, action="append", default=[])
    ap.add_argument("--section", type=Path, action="append", default=[])
    args = ap.parse_args(argv)
    text = render(args.title, args.testlogs, args.gate, args.section)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
