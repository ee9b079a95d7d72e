"""The PSS samples in every form admission reads them, the gate's verdict per level, and the parity
runner's pieces that need no API server (enumeration, classification, comparison, report, skip).

Evidence: kubernetes/pod-security-admission@v0.31.4 admission/admission.go (kinds, messages),
policy/visitor.go (container places), api/constants.go (namespace labels)."""

import json
import re
from pathlib import Path

import pytest
import yaml

from admission_parity import cli
from admission_parity.gate import GateJudge
from admission_parity.oracle import NAMESPACES, VERSION, classify, namespace_manifest
from admission_parity.report import Outcome, render
from admission_parity.samples import LEVELS, SampleError, load_samples, parse
from admission_parity.variants import KINDS, MAX_NAME, move, variants, wrap

SAMPLES = load_samples()


def pod_spec_of(doc: dict) -> tuple[dict, dict]:
    """(pod spec, pod metadata) where each kind keeps them (admission.go DefaultPodSpecExtractor)."""
    if doc["kind"] == "Pod":
        return doc["spec"], doc["metadata"]
    t = {"PodTemplate": lambda d: d["template"], "CronJob": lambda d: d["spec"]["jobTemplate"]["spec"]["template"]}.get(
        doc["kind"], lambda d: d["spec"]["template"])(doc)
    return t["spec"], t.get("metadata", {})
VARIANTS = [v for s in SAMPLES for v in variants(s)]
JUDGE = GateJudge()


def test_samples_cover_both_verdicts_at_both_levels():
    for level in LEVELS:
        assert {s.expected[level] for s in SAMPLES} == {"allowed", "denied"}
    assert len(SAMPLES) >= 40


def test_every_sample_becomes_every_kind_and_every_place_it_names():
    for s in SAMPLES:
        got = {(v.kind, v.place) for v in variants(s)}
        want = {(k, "containers") for k in KINDS}
        want |= {(k, p) for p in s.moves if p != "ephemeralContainers" for k in KINDS}
        want |= {("Pod", "ephemeralContainers")} if "ephemeralContainers" in s.moves else set()
        assert got == want, s.rel


def test_variant_names_are_unique_dns_labels_short_enough_for_a_cronjob():
    names = [v.name for v in VARIANTS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", n) and len(n) <= MAX_NAME for n in names)


def test_wrapped_kinds_carry_the_same_pod_and_annotations():
    [s] = [s for s in SAMPLES if s.stem == "apparmor-annotation-unconfined"]
    for kind in KINDS:
        doc = wrap(s.doc, kind, "n")
        spec, meta = pod_spec_of(doc)
        assert spec == s.doc["spec"] | ({"restartPolicy": "Never"} if kind in ("Job", "CronJob") else {})
        assert meta.get("annotations") == s.doc["metadata"]["annotations"], kind


def test_move_puts_the_bad_container_in_place():
    [s] = [s for s in SAMPLES if s.stem == "host-port"]
    side = move(s.doc, "sidecar")["spec"]
    assert [c["name"] for c in side["containers"]] == ["app"]
    assert side["initContainers"][0]["name"] == "bad" and side["initContainers"][0]["restartPolicy"] == "Always"
    eph = move(s.doc, "ephemeralContainers")["spec"]["ephemeralContainers"][0]
    assert "ports" not in eph  # the API forbids ports on ephemeral containers
    assert s.doc["spec"]["containers"][1]["name"] == "bad"  # the sample itself is untouched


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("variant", VARIANTS, ids=[f"{v.sample.stem}{'/' + v.place if v.place != 'containers' else ''}/{v.kind}" for v in VARIANTS])
def test_gate_verdict_matches_the_sample_header(variant, level):
    findings = JUDGE.findings(variant.doc, level)
    got = "denied" if findings else "allowed"
    assert got == variant.sample.expected[level], [f.msg for f in findings]
    if got == "denied" and variant.sample.rule and level == "restricted":
        assert variant.sample.rule in {f.rule for f in findings}


def test_header_errors_name_the_file(tmp_path):
    bad = tmp_path / "denied" / "x.yaml"
    bad.parent.mkdir()
    bad.write_text("# pss: baseline=denied restricted=denied\n# at: pod\nkind: Pod\nmetadata: {name: x}\nspec: {}\n")
    with pytest.raises(SampleError, match=f"{bad}: denied samples need"):
        parse(bad)
    bad.write_text("# expect: r\n# pss: baseline=maybe\n# at: pod\nkind: Pod\n")
    with pytest.raises(SampleError, match="# pss:"):
        parse(bad)


# Message shapes: admission/admission.go EvaluatePod (enforce error, warn warning) as kubectl prints them.
POD_DENIED = ('Error from server (Forbidden): error when creating "STDIN": pods "p" is forbidden: violates PodSecurity '
              '"restricted:v1.31": runAsUser=0 (pod must not set runAsUser=0)')
TEMPLATE_WARNED = ('Warning: would violate PodSecurity "restricted:v1.31": runAsUser=0 (pod must not set runAsUser=0)\n'
                   'deployment.apps/d created (server dry run)')
RAW_DENIED = ('Error from server (Forbidden): {"kind":"Status","message":"pods \\"p\\" is forbidden: violates PodSecurity '
              '\\"baseline:v1.31\\": privileged"}')


def test_classify_enforce_errors_warnings_and_other_failures():
    assert classify("restricted", 1, POD_DENIED) == "denied"
    assert classify("restricted", 0, TEMPLATE_WARNED) == "denied"
    assert classify("baseline", 1, RAW_DENIED) == "denied"
    assert classify("restricted", 0, "pod/p created (server dry run)") == "allowed"
    # a verdict about another level or version is not this level's verdict
    assert classify("baseline", 0, TEMPLATE_WARNED) == "allowed"
    invalid = classify("restricted", 1, 'The Pod "p" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create')
    assert invalid.startswith("error: ") and "invalid" in invalid


def test_namespaces_enforce_and_warn_one_level_at_the_profile_minor():
    for level in LEVELS:
        labels = namespace_manifest(level)["metadata"]["labels"]
        assert labels == {"pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/warn": level,
                          "pod-security.kubernetes.io/enforce-version": VERSION,
                          "pod-security.kubernetes.io/warn-version": VERSION}
    assert len(set(NAMESPACES.values())) == len(LEVELS)


def test_profile_minor_matches_the_policy_version():
    """The PSS version the namespaces pin and the kind node image follow the profile's Kubernetes minor
    (homelab states it; the kind profile extends homelab)."""
    k3s = yaml.safe_load(Path("platform/profiles/homelab.yaml").read_text())["cluster"]["k3s_version"]
    minor = re.match(r"(v\d+\.\d+)\.", k3s).group(1)
    assert minor == VERSION
    assert cli.node_image().split(":")[1].startswith(VERSION + ".")


def test_report_lists_disagreements_and_ends_with_agree_count():
    outcomes = [Outcome("a.yaml as Pod", "baseline", "allowed", "allowed"),
                Outcome("b.yaml as Job", "restricted", "denied", "allowed")]
    text, ok = render(outcomes)
    assert not ok
    assert text.splitlines() == ["DIFFER b.yaml as Job at restricted: gate denied, admission allowed",
                                 "admission parity: agree 1 / 2"]
    text, ok = render(outcomes[:1])
    assert ok and text == "admission parity: agree 1 / 1"
    assert render([]) == ("admission parity: agree 0 / 0", False)


def test_parity_against_a_scripted_oracle_counts_every_variant_at_both_levels():
    class Oracle:
        def setup(self):
            pass

        def verdict(self, variant, level):
            return variant.sample.expected[level]

    some = SAMPLES[::10]
    outcomes = cli.run_parity(Oracle(), jobs=2, samples=some)
    assert len(outcomes) == 2 * sum(len(variants(s)) for s in some)
    text, ok = render(outcomes)
    assert ok, text


def test_without_an_api_server_it_skips_with_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no kubectl, kind or docker here
    for var in ("KIND_BIN", "KUBECTL_BIN"):
        monkeypatch.delenv(var, raising=False)
    assert cli.main([]) == 0
    out = capsys.readouterr().out.strip()
    assert out == "admission parity: skipped: kubectl not installed"
    assert cli.main(["--kind", "--require"]) == 2
    assert capsys.readouterr().err.strip() == "admission parity: skipped: docker not installed"


def test_kind_cluster_pins_the_node_image_and_turns_on_the_fields_admission_must_see():
    cfg = cli.kind_config()
    assert re.fullmatch(r"kindest/node:v1\.31\.\d+@sha256:[0-9a-f]{64}", cfg["nodes"][0]["image"])
    assert cfg["featureGates"] == {"ProcMountType": True, "UserNamespacesSupport": True}
    # the samples that need those gates exist
    assert any("procMount" in str(s.doc) and s.doc["spec"].get("hostUsers") is False for s in SAMPLES)


def test_the_kind_job_runs_the_parity_step_and_fails_when_it_cannot_run():
    """.github/workflows/e2e.yml: one step calls this runner with --kind --require (a skip there is a failure)."""
    jobs = yaml.safe_load(Path(".github/workflows/e2e.yml").read_text())["jobs"]
    runs = [step.get("run", "") for job in jobs.values() for step in job.get("steps", [])]
    assert [r.strip() for r in runs if "//policies:pss_parity" in r] == ["bazel run //policies:pss_parity -- --kind --require"]


def test_the_homelab_cluster_enforces_the_level_the_gate_holds_pods_to():
    """platform/rendered/homelab/k3s/psa.yaml (K3s AdmissionConfiguration): restricted by default, at the
    version in force (latest = the server's v1.31, or v1.31 itself), so the gate's restricted verdict is the
    cluster's."""
    cfg = yaml.safe_load(Path("platform/rendered/homelab/k3s/psa.yaml").read_text())
    [plugin] = [p for p in cfg["plugins"] if p["name"] == "PodSecurity"]
    defaults = plugin["configuration"]["defaults"]
    assert defaults["enforce"] == "restricted"
    assert defaults["enforce-version"] in ("latest", VERSION)


FAKE_KUBECTL = '''#!/bin/sh
# Test fixture standing in for kubectl against an API server that enforces restricted: records argv, answers
# `get pod` with the created pod, and rejects the ephemeral-container PUT as PodSecurity does (JSON body).
echo "$*" >> "$FAKE_KUBECTL_LOG"
case "$*" in
  *"get pod"*) echo '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "resourceVersion": "7"}, "spec": {"containers": []}}' ;;
  *"replace --raw"*) for a in "$@"; do last="$a"; done; cp "$last" "$FAKE_KUBECTL_LOG.body"; echo 'Error from server (Forbidden): {"kind":"Status","message":"pods \\\\"p\\\\" is forbidden: violates PodSecurity \\\\"restricted:v1.31\\\\": privileged"}' >&2; exit 1 ;;
esac
exit 0
'''


def test_ephemeral_variants_go_through_the_subresource_and_clean_up(tmp_path, monkeypatch):
    from admission_parity.oracle import ApiServerOracle, Kubectl
    fake = tmp_path / "kubectl"
    fake.write_text(FAKE_KUBECTL)
    fake.chmod(0o755)
    log = tmp_path / "calls"
    monkeypatch.setenv("KUBECTL_BIN", str(fake))
    monkeypatch.setenv("FAKE_KUBECTL_LOG", str(log))
    [v] = [v for v in VARIANTS if v.sample.stem == "privileged-container" and v.place == "ephemeralContainers"]
    assert ApiServerOracle(Kubectl()).verdict(v, "restricted") == "denied"
    calls = log.read_text().splitlines()
    assert calls[0] == "create -f -"  # the pod without its ephemeral container, for real
    assert calls[1].startswith(f"get pod {v.name} -n {NAMESPACES['restricted']}")
    assert calls[2].startswith(f"replace --raw /api/v1/namespaces/{NAMESPACES['restricted']}/pods/{v.name}"
                               "/ephemeralcontainers?dryRun=All -f ")
    assert calls[3].startswith(f"delete pod {v.name} -n {NAMESPACES['restricted']}")
    body = json.loads(Path(f"{log}.body").read_text())
    assert [c["name"] for c in body["spec"]["ephemeralContainers"]] == ["bad"]
    assert "resourceVersion" not in body["metadata"]


def test_setup_labels_both_namespaces_and_waits_for_their_service_accounts(tmp_path, monkeypatch):
    from admission_parity.oracle import ApiServerOracle, Kubectl
    fake = tmp_path / "kubectl"
    fake.write_text(FAKE_KUBECTL.replace('echo "$*" >> "$FAKE_KUBECTL_LOG"',
                                         'echo "$*" >> "$FAKE_KUBECTL_LOG"; [ "$1" = apply ] && cat >> "$FAKE_KUBECTL_LOG.stdin"'))
    fake.chmod(0o755)
    log = tmp_path / "calls"
    monkeypatch.setenv("KUBECTL_BIN", str(fake))
    monkeypatch.setenv("FAKE_KUBECTL_LOG", str(log))
    ApiServerOracle(Kubectl()).setup()
    calls = log.read_text().splitlines()
    assert calls[0] == "apply -f -"
    assert calls[1:] == [f"get serviceaccount default -n {ns}" for ns in NAMESPACES.values()]
    applied = list(yaml.safe_load_all(Path(f"{log}.stdin").read_text()))
    assert applied == [namespace_manifest(level) for level in LEVELS]
