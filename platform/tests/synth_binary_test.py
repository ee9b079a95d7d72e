"""The `//platform:synth` binary itself runs (the entry script outside the package imports cleanly)."""

import subprocess


def test_synth_binary_renders(tmp_path):
    out = tmp_path / "kind"
    r = subprocess.run(["platform/synth", "--profile", "kind", "--out", str(out)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "synth: profile kind:" in r.stdout
    assert (out / "shlink" / "deployment-shlink-shlink.yaml").is_file()


def test_synth_binary_bad_profile_one_line(tmp_path):
    r = subprocess.run(["platform/synth", "--profile", "nope", "--out", str(tmp_path / "x")], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "nope" in r.stderr
    assert not (tmp_path / "x").exists()
    assert r.stdout == "" and "Traceback" not in r.stderr
