"""The SLO spec: the committed file loads, and each kind of bad spec is one line naming the field."""

import subprocess
from pathlib import Path

import pytest
import yaml

from slospec.model import ISTIO_DURATION_BUCKETS_MS, SPEC_FILE, SpecError, load_spec


def _write(tmp_path: Path, data) -> Path:
    p = tmp_path / "spec.yaml"
    p.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return p


def _committed() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text())


def test_committed_spec_has_the_four_shlink_slos_with_owner_and_period():
    spec = load_spec()
    kinds = {(s.sli.kind, s.sli.route) for s in spec.slos}
    assert kinds == {("availability", "redirect"), ("latency", "redirect"),
                     ("availability", "create"), ("latency", "create")}
    assert spec.window == "30d"
    assert all(s.owner and s.description for s in spec.slos)


def test_latency_thresholds_are_envoy_default_bucket_boundaries():
    """envoyproxy/envoy:source/common/stats/histogram_impl.cc (defaultBuckets) — the 19 boundaries, in ms."""
    assert len(ISTIO_DURATION_BUCKETS_MS) == 19 and ISTIO_DURATION_BUCKETS_MS[6] == 100
    for s in load_spec().slos:
        if s.sli.kind == "latency":
            assert s.sli.threshold_ms in ISTIO_DURATION_BUCKETS_MS


def _mutate(path: tuple, value):
    data = _committed()
    cur = data
    for p in path[:-1]:
        cur = cur[p]
    if value is KeyError:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return data


BAD = [
    (("slos", 1, "sli", "threshold_ms"), 150, "slos.1.sli.threshold_ms: 150 is not a bucket boundary"),
    (("slos", 0, "target"), 1.5, "slos.0.target: Input should be less than 1"),
    (("slos", 0, "owner"), KeyError, "slos.0.owner: required key is missing"),
    (("window",), "28d", "window: '28d': the recording rules keep windows up to 30d"),
    (("slos", 2, "sli", "route"), "delete", "slos.2.sli.route: Input should be 'redirect' or 'create'"),
    (("slos", 3, "sli", "threshold_ms"), KeyError, "slos.3.sli.threshold_ms: required for a latency SLI"),
    (("slos", 0, "sli", "threshold_ms"), 100, "slos.0.sli.threshold_ms: only a latency SLI has a threshold"),
    (("slos", 0, "tarqet"), 0.9, "slos.0.tarqet: unknown key"),
    (("slos", 1, "name"), "redirect-availability", "slos: Value error, SLO name 'redirect-availability' is used twice"),
]


@pytest.mark.parametrize("path,value,message", BAD, ids=[m.split(":")[0] for _, _, m in BAD])
def test_bad_spec_is_one_line_naming_the_field(tmp_path, path, value, message):
    spec = _write(tmp_path, _mutate(path, value))
    with pytest.raises(SpecError) as e:
        load_spec(spec)
    text = str(e.value)
    assert "\n" not in text and text.startswith(f"{spec}: ")
    assert message.replace("Value error, ", "") in text


def test_unreadable_and_non_mapping_specs(tmp_path):
    with pytest.raises(SpecError, match="cannot read"):
        load_spec(tmp_path / "missing.yaml")
    with pytest.raises(SpecError, match=r"spec.yaml:2: invalid YAML"):
        load_spec(_write(tmp_path, "service: shlink\n  slos: [\n"))
    with pytest.raises(SpecError, match="top level must be a mapping"):
        load_spec(_write(tmp_path, "- a\n"))


def _check_binary() -> Path:
    return next(p for p in Path.cwd().rglob("slo/check") if p.is_file())


def test_check_cli_exit_codes(tmp_path):
    ok = subprocess.run([str(_check_binary())], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "4 SLOs for shlink over 30d" in ok.stdout, ok.stderr
    bad = _write(tmp_path, _mutate(("slos", 1, "sli", "threshold_ms"), 150))
    res = subprocess.run([str(_check_binary()), str(bad)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and "slos.1.sli.threshold_ms" in res.stderr
    assert "Traceback" not in res.stderr
