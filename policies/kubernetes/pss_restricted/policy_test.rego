# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.pss_restricted_test

import rego.v1

base := {"kind": "Pod", "metadata": {"name": "p", "namespace": "n"}, "spec": {"securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "c", "image": "x:1", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]}}

inputs.restricted_allowed := base

test_restricted_allowed if count(data.kubernetes.pss_restricted.deny) == 0

inputs.container_uid_zero_denied := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/runAsUser", "value": 0}])

test_container_uid_zero_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"k8s.pss.run-as-user"}
}

inputs.container_overrides_nonroot_denied := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": false}])

test_container_overrides_nonroot_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"k8s.pss.run-as-non-root"}
}

inputs.net_bind_allowed := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/capabilities/add", "value": ["NET_BIND_SERVICE"]}])

test_net_bind_allowed if count(data.kubernetes.pss_restricted.deny) == 0

inputs.hostpath_denied := json.patch(base, [{"op": "add", "path": "/spec/volumes", "value": [{"name": "h", "hostPath": {"path": "/"}}]}])

test_hostpath_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"k8s.pss.volume-types"}
}
