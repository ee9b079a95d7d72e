"""The gate CLI: the committed tree and Dockerfiles pass; exit codes, formats, exceptions and bad input."""

import datetime as dt
import json
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from policygate.cli import main

RENDERED = Path("platform/rendered")
IMAGES = Path("images")
SAMPLES = Path("policies/kubernetes")
DENIED = "policies/kubernetes/service_type/samples/denied/nodeport.yaml"
WARNED = "policies/kubernetes/namespace_labels/samples/denied/privileged-without-reason.yaml"


def test_rendered_tree_and_dockerfiles_have_no_denials(capsys):
    started = time.monotonic()
    code = main([str(RENDERED), str(IMAGES), "--output", "json"])
    took = time.monotonic() - started
    report = json.loads(capsys.readouterr().out)
    denials = [f for f in report["findings"] if f["level"] == "deny"]
    assert code == 0, denials
    assert report["checked"] >= 5
    print(f"gate: {report['checked']} documents in {took:.2f}s")


def test_denial_exits_2_and_names_resource_and_rule(capsys):
    assert main([DENIED]) == 2
    out = capsys.readouterr().out
    assert "Service/apps/s" in out and "kubernetes.service_type.nodeport" in out


def test_warning_exit_codes(capsys):
    assert main([WARNED]) == 0
    assert main([WARNED, "--fail-on-warn"]) == 1


def test_junit_and_sarif(capsys):
    main([DENIED, "--output", "junit"])
    suite = ET.fromstring(capsys.readouterr().out)
    assert suite.find("testcase/failure") is not None
    main([DENIED, "--output", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "kubernetes.service_type.nodeport"


def test_exception_waives_then_expires(tmp_path, capsys):
    exc = tmp_path / "exceptions.yaml"
    exc.write_text("exceptions:\n- rule: kubernetes.service_type.nodeport\n  resource: Service/apps/s\n"
                   "  reason: legacy NodePort during migration\n  expires: 2030-01-31\n")
    assert main([DENIED, "--exceptions", str(exc)], today=dt.date(2030, 1, 1)) == 0
    assert main([DENIED, "--exceptions", str(exc)], today=dt.date(2030, 2, 1)) == 2
    assert "gate.waiver.expired" in capsys.readouterr().out


def test_exception_holds_through_its_expiry_day(tmp_path, capsys):
    """Pinned semantics: `expires: D` waives on D itself and expires on D+1 (exceptions.yaml header)."""
    exc = tmp_path / "exceptions.yaml"
    exc.write_text("exceptions:\n- rule: kubernetes.service_type.nodeport\n  resource: Service/apps/s\n"
                   "  reason: legacy NodePort during migration\n  expires: 2030-01-31\n")
    assert main([DENIED, "--exceptions", str(exc)], today=dt.date(2030, 1, 31)) == 0
    assert "gate.waiver.expired" not in capsys.readouterr().out
    assert main([DENIED, "--exceptions", str(exc)], today=dt.date(2030, 2, 1)) == 2
    assert "expired on 2030-01-31" in capsys.readouterr().out


def test_default_today_is_the_utc_date(monkeypatch, tmp_path, capsys):
    """Without `today`, expiry is judged by the UTC calendar day, whatever the machine's zone: the zone is
    chosen so that its local date differs from the UTC date right now."""
    now = dt.datetime.now(dt.timezone.utc)
    if now.hour >= 12:  # UTC+14 is already tomorrow: a waiver ending today (UTC) must still hold
        zone, expires, want = "Pacific/Kiritimati", now.date(), 0
    else:  # UTC-12 is still yesterday: a waiver that ended yesterday (UTC) must have expired
        zone, expires, want = "Etc/GMT+12", now.date() - dt.timedelta(days=1), 2
    if not (Path("/usr/share/zoneinfo") / zone).exists():
        pytest.skip(f"no tzdata for {zone} on this machine")
    exc = tmp_path / "exceptions.yaml"
    exc.write_text("exceptions:\n- rule: kubernetes.service_type.nodeport\n  resource: Service/apps/s\n"
                   f"  reason: legacy NodePort during migration\n  expires: {expires}\n")
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert main([DENIED, "--exceptions", str(exc)]) == want
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_exception_without_reason_rejected(tmp_path, capsys):
    exc = tmp_path / "exceptions.yaml"
    exc.write_text("exceptions:\n- rule: kubernetes.service_type.nodeport\n  resource: Service/apps/s\n  expires: 2030-01-31\n")
    assert main([DENIED, "--exceptions", str(exc)]) == 2
    assert "exceptions[0].reason is required" in capsys.readouterr().err


WAIVER = "exceptions:\n- rule: {rule}\n  resource: Service/apps/s\n  reason: migration\n  expires: 2030-01-31\n"


@pytest.mark.parametrize("rule, hint", [
    ("k8s.service.nodeport", "did you mean kubernetes.service_type.nodeport?"),  # the id before the rename
    ("kubernetes.service_type.node-port", "did you mean kubernetes.service_type.nodeport?"),
    ("gate.waiver.expired", "<domain>.<policy>.<check>"),  # the gate's own findings cannot be waived
])
def test_waiver_naming_an_unknown_rule_is_rejected_in_one_line(tmp_path, capsys, rule, hint):
    exc = tmp_path / "exceptions.yaml"
    exc.write_text(WAIVER.format(rule=rule))
    assert main([DENIED, "--exceptions", str(exc)], today=dt.date(2030, 1, 1)) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, "one error line and no report"
    assert f"{exc}: exceptions[0].rule '{rule}' is not a rule id any policy emits" in err and hint in err


def test_waiver_naming_a_known_rule_is_accepted(tmp_path, capsys):
    exc = tmp_path / "exceptions.yaml"
    exc.write_text(WAIVER.format(rule="kubernetes.service_type.nodeport"))
    assert main([DENIED, "--exceptions", str(exc), "--output", "json"], today=dt.date(2030, 1, 1)) == 0
    assert [f["rule"] for f in json.loads(capsys.readouterr().out)["excepted"]] == ["kubernetes.service_type.nodeport"]


@pytest.mark.parametrize("text", ["- a list\n", "exceptions:\n- just-a-string\n", "exceptions: {rule: x}\n"])
def test_exceptions_file_of_the_wrong_shape_is_one_line(tmp_path, capsys, text):
    exc = tmp_path / "exceptions.yaml"
    exc.write_text(text)
    assert main([DENIED, "--exceptions", str(exc)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"check: {exc}:") and "Traceback" not in err


def test_malformed_yaml_one_line_with_line_number(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: Pod\nmetadata:\n  name: [x\n")
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"{bad}:" in err and "malformed YAML" in err
    assert "Traceback" not in err


def test_unknown_file_type(tmp_path, capsys):
    f = tmp_path / "notes.txt"
    f.write_text("hello")
    assert main([str(f)]) == 2
    assert "unknown file type" in capsys.readouterr().err


def test_empty_path_set_prints_usage(capsys):
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err
