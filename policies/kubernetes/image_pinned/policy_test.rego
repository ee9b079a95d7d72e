# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.image_pinned_test

import rego.v1

pod(image) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": image}]}}

inputs.registry_port_untagged_denied := pod("registry.local:5000/app")

test_registry_port_untagged_denied if {
	{r.rule | some r in data.kubernetes.image_pinned.deny} == {"kubernetes.image_pinned.untagged"}
}

inputs.latest_denied := pod("app:latest")

test_latest_denied if {
	{r.rule | some r in data.kubernetes.image_pinned.deny} == {"kubernetes.image_pinned.latest"}
}

inputs.tag_warns_without_digest := pod("app:1.0.0")

test_tag_warns_without_digest if {
	count(data.kubernetes.image_pinned.deny) == 0
	{r.rule | some r in data.kubernetes.image_pinned.warn} == {"kubernetes.image_pinned.no-digest"}
}

inputs.digest_clean := pod("app:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000")

test_digest_clean if {
	count(data.kubernetes.image_pinned.deny) == 0
	count(data.kubernetes.image_pinned.warn) == 0
}
