"""The synth command: writes atomically, and bad input leaves no partial output."""

import pytest

from urlplatform import render as render_mod
from urlplatform.synth import main


def test_synth_writes_tree(tmp_path, capsys):
    out = tmp_path / "homelab"
    assert main(["--profile", "homelab", "--out", str(out)]) == 0
    assert (out / "shlink" / "deployment-shlink-shlink.yaml").is_file()
    assert "objects in" in capsys.readouterr().out


def test_synth_replaces_old_files(tmp_path):
    out = tmp_path / "homelab"
    (out / "gone").mkdir(parents=True)
    (out / "gone" / "stale.yaml").write_text("x: 1\n")
    assert main(["--profile", "homelab", "--out", str(out)]) == 0
    assert not (out / "gone").exists()


def test_unknown_profile_one_line_exit_2(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["--profile", "nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "profile 'nope' not found" in err
    assert not out.exists()


def test_failed_write_keeps_previous_tree(tmp_path, monkeypatch):
    out = tmp_path / "homelab"
    assert main(["--profile", "homelab", "--out", str(out)]) == 0
    before = sorted(p.name for p in out.rglob("*"))

    def boom(self, text):
        raise OSError("disk full")

    monkeypatch.setattr(render_mod.Path, "write_text", boom)
    with pytest.raises(OSError):
        main(["--profile", "homelab", "--out", str(out)])
    monkeypatch.undo()
    assert sorted(p.name for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["homelab"]
