"""Pre-flight failures: one line, exit 2, well under 15 s, nothing written."""

import time

import pytest
from loopback import free_port

from k6harness.cli import main
from testing.shlink_stub import ShlinkStub


def run(args, tmp_path, capsys):
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(["viral", "--out", str(out), *args])
    took = time.monotonic() - started
    err = capsys.readouterr().err.strip()
    assert took < 15
    assert err.count("\n") == 0 and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []
    return code, err


def test_unreachable_target(tmp_path, capsys):
    code, err = run(["--base-url", f"http://127.0.0.1:{free_port()}", "--api-key", "k"], tmp_path, capsys)
    assert code == 2 and "unreachable" in err


def test_wrong_key(tmp_path, capsys):
    with ShlinkStub("right") as stub:
        code, err = run(["--base-url", stub.url, "--api-key", "wrong"], tmp_path, capsys)
    assert code == 2 and "API key rejected" in err and "401" in err


def test_missing_key_without_cluster(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SHLINK_API_KEY", raising=False)
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "none"))
    with ShlinkStub("k") as stub:
        code, err = run(["--base-url", stub.url], tmp_path, capsys)
    assert code == 2 and "no API key" in err


@pytest.mark.parametrize("path,status", [("/rest/health", 200), ("/missing", 404)])
def test_stub_fixture_answers(path, status):
    import urllib.error
    import urllib.request

    with ShlinkStub("k") as stub:
        try:
            got = urllib.request.urlopen(stub.url + path, timeout=2).status
        except urllib.error.HTTPError as e:
            got = e.code
    assert got == status


def test_unhealthy_target(tmp_path, capsys):
    """Shlink's health answers 503 when its database is unreachable: nothing is sent, exit 2."""
    from testing.shlink_stub import Faults

    with ShlinkStub("k", faults=Faults(health_503=True)) as stub:
        code, err = run(["--base-url", stub.url, "--api-key", "k"], tmp_path, capsys)
        assert stub.state.served["create"] == 0
    assert code == 2 and "answered 503" in err
