"""The Python toolchain is the locked venv, with every locked package importable."""

import re
import sys
from importlib import metadata
from pathlib import Path


def _locked():
    lock = Path("requirements.lock").read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", lock, flags=re.M))


def test_interpreter_is_a_venv():
    assert sys.prefix != sys.base_prefix, "tests must run in the venv built from requirements.lock"


def test_every_locked_package_installed_at_locked_version():
    locked = _locked()
    assert len(locked) > 20
    wrong = {n: (v, metadata.version(n)) for n, v in locked.items() if metadata.version(n) != v}
    assert not wrong
