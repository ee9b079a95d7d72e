"""No module of ours shadows a dependency or the standard library (issue 11: `constructs` became `resources`)."""

import importlib.util
import sys
from pathlib import Path

import urlplatform

PACKAGE = Path(urlplatform.__file__).parent


def test_no_module_of_ours_shares_a_name_with_stdlib_or_an_installed_package():
    ours = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert ours >= {"resources", "charts", "config"}
    clashes = []
    for name in sorted(ours):
        if name in sys.stdlib_module_names:
            clashes.append(f"{name} (standard library)")
            continue
        spec = importlib.util.find_spec(name)
        if spec is not None and PACKAGE not in Path(spec.origin or "").parents:
            clashes.append(f"{name} ({spec.origin})")
    assert clashes == [], f"urlplatform modules named like an importable top-level module: {clashes}"
