"""An `opa test`-like runner for *_test.rego files, evaluated by regopy.

regopy (1.5.2) crashes on `with input as ...`, so a test binds its input by convention:
`test_<name>` is evaluated with input set to the rule `inputs.<name>` of the same package
(no input when that rule is absent)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from regopy import Interpreter

from policygate.engine import POLICY_ROOT, library_modules, package_of


@dataclass(frozen=True)
class RegoTest:
    file: Path
    package: str
    name: str


def rego_test_files(root: Path = POLICY_ROOT) -> list[Path]:
    return sorted(root.glob("*/*/*_test.rego"))


def collect(path: Path) -> list[RegoTest]:
    src = path.read_text()
    names = sorted(set(re.findall(r"^(test_\w+)\b", src, flags=re.M)))
    return [RegoTest(path, package_of(src), n) for n in names]


def _interpreter(path: Path, root: Path) -> Interpreter:
    rego = Interpreter()
    for lib in library_modules(root):
        rego.add_module(lib.name, lib.read_text())
    for mod in sorted(path.parent.glob("*.rego")):
        rego.add_module(str(mod.relative_to(root)), mod.read_text())
    return rego


def run(test: RegoTest, root: Path = POLICY_ROOT) -> bool:
    """True when the test rule evaluates to true with its bound input."""
    name = test.name.removeprefix("test_")
    bound = _interpreter(test.file, root).query(f'x := object.get(data.{test.package}, ["inputs", "{name}"], null)')
    rego = _interpreter(test.file, root)
    value = bound.results[0].bindings["x"] if bound.results else None
    if value is not None:
        rego.set_input_term(json.dumps(value))
    out = rego.query(f"x := object.get(data.{test.package}, \"{test.name}\", false)")
    return bool(out.results) and out.results[0].bindings["x"] is True
