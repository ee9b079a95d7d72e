# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.resources_test

import rego.v1

pod(resources) := {"kind": "Pod", "metadata": {"name": "p", "namespace": "n"}, "spec": {"containers": [{"name": "c", "image": "x:1", "resources": resources}]}}

inputs.complete_resources_allowed := pod({"requests": {"cpu": "1", "memory": "1Mi"}, "limits": {"memory": "1Mi"}})

test_complete_resources_allowed if count(data.kubernetes.resources.deny) == 0

inputs.missing_cpu_request_denied := pod({"requests": {"memory": "1Mi"}, "limits": {"memory": "1Mi"}})

test_missing_cpu_request_denied if {
	{r.rule | some r in data.kubernetes.resources.deny} == {"kubernetes.resources.requests"}
}

inputs.missing_memory_limit_denied := pod({"requests": {"cpu": "1", "memory": "1Mi"}})

test_missing_memory_limit_denied if {
	{r.rule | some r in data.kubernetes.resources.deny} == {"kubernetes.resources.memory-limit"}
}

inputs.init_container_checked := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [], "initContainers": [{"name": "i", "image": "x:1"}]}}

test_init_container_checked if count(data.kubernetes.resources.deny) == 3

inputs.ephemeral_container_not_checked := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x:1", "resources": {"requests": {"cpu": "1", "memory": "1Mi"}, "limits": {"memory": "1Mi"}}}], "ephemeralContainers": [{"name": "debug", "image": "x:1"}]}}

test_ephemeral_container_not_checked if count(data.kubernetes.resources.deny) == 0
