"""The package layers of urlplatform, checked on the imports themselves (Bazel's per-package libraries only
see the deps a BUILD file lists, not which module imports which):

    config -> resources -> components -> charts -> render

A module may import only from its own layer or a lower one, and no chart module imports another chart
module: charts reach each other's facts through the components `render.charts()` passes them."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path("platform/urlplatform")  # runfiles root is the working directory
LAYERS = {"config": 0, "k3s": 0, "resources": 1, "components": 2, "charts": 3, "render": 4, "synth": 4,
          "pg_verifier": 0}


def _layer(module: str) -> str:
    """urlplatform.components.istio -> components; urlplatform.render -> render; urlplatform -> config."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "config"


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return {m for m in out if m == "urlplatform" or m.startswith("urlplatform.")}


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(p for p in rel.parts if p != "__init__")


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _defines_chart(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    return any(isinstance(n, ast.ClassDef) and any(getattr(b, "id", None) == "Chart" for b in n.bases)
               for n in tree.body)


def test_every_module_has_a_layer():
    assert MODULES
    assert {_layer(m) for m in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_its_own_or_lower_layers(module):
    mine = LAYERS[_layer(module)]
    upward = sorted(i for i in _imports(MODULES[module])
                    if _layer(i) in LAYERS and LAYERS[_layer(i)] > mine)
    assert not upward, f"{module} (layer {_layer(module)}) imports from a higher layer: {upward}"


def test_no_chart_imports_another_chart():
    charts = {m for m, p in MODULES.items() if _layer(m) == "charts" and _defines_chart(p)}
    assert len(charts) >= 6
    for m in sorted(charts):
        others = sorted(i for i in _imports(MODULES[m]) if any(i == c or i.startswith(c + ".") for c in charts - {m}))
        assert not others, f"{m} imports chart module(s) {others}; pass what it needs through render.charts()"
