"""`bazel run //policies:check -- [--output FMT] [--fail-on-warn] PATH...`

Exit 0 clean, 1 warnings under --fail-on-warn, 2 denials or bad input."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from repo_io import user_path

from policygate import report
from policygate.documents import InputError, expand, load
from policygate.engine import Engine
from policygate.exceptions import DEFAULT_FILE, apply_exceptions, load_exceptions


def main(argv: list[str] | None = None, today: dt.date | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check", description="Policy gate over manifests and Dockerfiles.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    parser.add_argument("--output", "-o", choices=["table", "json", "junit", "sarif"], default="table")
    parser.add_argument("--fail-on-warn", action="store_true", help="exit 1 when there are warnings")
    parser.add_argument("--exceptions", type=Path, default=DEFAULT_FILE, help="exceptions data file")
    args = parser.parse_args(argv)
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("check: error: give at least one PATH (file or directory)", file=sys.stderr)
        return 2
    try:
        files = expand([str(user_path(p)) for p in args.paths])
        if not files:
            raise InputError(f"{' '.join(args.paths)}: no manifests or Dockerfiles found")
        docs = [d for f in files for d in load(f)]
        exceptions = load_exceptions(args.exceptions)
    except (InputError, ValueError) as e:
        print(f"check: {e}", file=sys.stderr)
        return 2
    findings, excepted = apply_exceptions(Engine().evaluate(docs), exceptions, today or dt.datetime.now(dt.timezone.utc).date())
    out = {"table": lambda: report.table(findings, len(docs)),
           "json": lambda: report.as_json(findings, len(docs), excepted),
           "junit": lambda: report.junit(findings, len(docs)),
           "sarif": lambda: report.sarif(findings)}[args.output]()
    print(out)
    if any(f.level == "deny" for f in findings):
        return 2
    if args.fail_on_warn and findings:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
