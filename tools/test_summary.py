"""Totals pytest cases over every Bazel test.xml and prints one 'N passed, N failed, N skipped' line."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def totals(testlogs: Path) -> dict[str, int]:
    """Count passed/failed/skipped test cases in all test.xml files under testlogs."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for xml in sorted(testlogs.rglob("test.xml")):
        try:
            root = ET.parse(xml).getroot()
        except ET.ParseError:
            counts["failed"] += 1
            continue
        for case in root.iter("testcase"):
            tags = {child.tag for child in case}
            if tags & {"failure", "error"}:
                counts["failed"] += 1
            elif "skipped" in tags:
                counts["skipped"] += 1
            else:
                counts["passed"] += 1
    return counts


def main(argv: list[str]) -> int:
    testlogs = Path(argv[1] if len(argv) > 1 else "bazel-testlogs")
    if not testlogs.exists():
        print(f"test_summary: {testlogs} does not exist", file=sys.stderr)
        return 2
    c = totals(testlogs)
    print(f"{c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
