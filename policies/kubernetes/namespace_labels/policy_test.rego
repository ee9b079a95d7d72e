# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.namespace_labels_test

import rego.v1

ns(labels) := {"kind": "Namespace", "metadata": {"name": "n", "labels": labels}}

inputs.restricted_allowed := ns({"pod-security.kubernetes.io/enforce": "restricted"})

test_restricted_allowed if {
	count(data.kubernetes.namespace_labels.deny) == 0
	count(data.kubernetes.namespace_labels.warn) == 0
}

inputs.typo_level_denied := ns({"pod-security.kubernetes.io/enforce": "restrict"})

test_typo_level_denied if count(data.kubernetes.namespace_labels.deny) == 1

inputs.baseline_without_reason_warns := ns({"pod-security.kubernetes.io/enforce": "baseline"})

test_baseline_without_reason_warns if {
	count(data.kubernetes.namespace_labels.deny) == 0
	count(data.kubernetes.namespace_labels.warn) == 1
}
