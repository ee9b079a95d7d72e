"""Paths and atomic output shared by the repo's `bazel run` commands."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def workspace_dir() -> Path:
    """The source tree: `bazel run` sets BUILD_WORKSPACE_DIRECTORY, else this file's checkout."""
    return Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", REPO_ROOT))


def user_path(p: str | Path) -> Path:
    """A relative path as the user meant it: against the folder `bazel run` was started from."""
    p = Path(p)
    base = os.environ.get("BUILD_WORKING_DIRECTORY")
    return p if p.is_absolute() or not base else Path(base) / p


@contextlib.contextmanager
def atomic_dir(out: Path):
    """Yield a temp dir beside `out`; on success it replaces `out`, on any error it is removed."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
        tmp.rename(out)
        if old:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
