# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.pdb_required_test

import rego.v1

deploy(replicas, labels) := {"path": "d.yaml", "contents": {"kind": "Deployment", "metadata": {"name": "d", "namespace": "n"}, "spec": {"replicas": replicas, "template": {"metadata": {"labels": labels}}}}}

pdb(labels) := {"path": "p.yaml", "contents": {"kind": "PodDisruptionBudget", "metadata": {"name": "p", "namespace": "n"}, "spec": {"selector": {"matchLabels": labels}}}}

inputs.covered_allowed := [deploy(3, {"app": "a", "tier": "web"}), pdb({"app": "a"})]

test_covered_allowed if count(data.kubernetes.pdb_required.deny) == 0

inputs.mismatched_selector_denied := [deploy(2, {"app": "a"}), pdb({"app": "b"})]

test_mismatched_selector_denied if {
	[r.resource | some r in data.kubernetes.pdb_required.deny] == ["Deployment/n/d"]
}

inputs.empty_selector_denied := [deploy(2, {"app": "a"}), pdb({})]

test_empty_selector_denied if count(data.kubernetes.pdb_required.deny) == 1
