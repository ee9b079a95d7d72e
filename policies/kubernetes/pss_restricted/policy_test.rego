# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.pss_restricted_test

import rego.v1

base := {"kind": "Pod", "metadata": {"name": "p", "namespace": "n"}, "spec": {"securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "c", "image": "x:1", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]}}

inputs.restricted_allowed := base

test_restricted_allowed if count(data.kubernetes.pss_restricted.deny) == 0

inputs.container_uid_zero_denied := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/runAsUser", "value": 0}])

test_container_uid_zero_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"kubernetes.pss_restricted.run-as-user"}
}

inputs.container_overrides_nonroot_denied := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": false}])

test_container_overrides_nonroot_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"kubernetes.pss_restricted.run-as-non-root"}
}

inputs.net_bind_allowed := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/capabilities/add", "value": ["NET_BIND_SERVICE"]}])

test_net_bind_allowed if count(data.kubernetes.pss_restricted.deny) == 0

inputs.hostpath_denied := json.patch(base, [{"op": "add", "path": "/spec/volumes", "value": [{"name": "h", "hostPath": {"path": "/"}}]}])

test_hostpath_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"kubernetes.pss_restricted.volume-types"}
}

# admission does not let a container override a bad pod-level value (policy/check_runAsUser.go, check_runAsNonRoot.go)
inputs.pod_uid_zero_container_override_denied := json.patch(base, [
	{"op": "replace", "path": "/spec/securityContext/runAsUser", "value": 0},
	{"op": "add", "path": "/spec/containers/0/securityContext/runAsUser", "value": 1000},
])

test_pod_uid_zero_container_override_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"kubernetes.pss_restricted.run-as-user"}
}

inputs.pod_nonroot_false_container_true_denied := json.patch(base, [
	{"op": "replace", "path": "/spec/securityContext/runAsNonRoot", "value": false},
	{"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": true},
])

test_pod_nonroot_false_container_true_denied if {
	{r.rule | some r in data.kubernetes.pss_restricted.deny} == {"kubernetes.pss_restricted.run-as-non-root"}
}

# Windows pods are exempt from privilege escalation, seccomp and capabilities (the API forbids those fields).
inputs.windows_pod_allowed := {"kind": "Pod", "metadata": {"name": "w", "namespace": "n"}, "spec": {"os": {"name": "windows"}, "securityContext": {"runAsNonRoot": true}, "containers": [{"name": "c", "image": "x:1"}]}}

test_windows_pod_allowed if count(data.kubernetes.pss_restricted.deny) == 0

# A volume with no source is defaulted to emptyDir by the API.
inputs.sourceless_volume_allowed := json.patch(base, [{"op": "add", "path": "/spec/volumes", "value": [{"name": "scratch"}]}])

test_sourceless_volume_allowed if count(data.kubernetes.pss_restricted.deny) == 0

inputs.pod_template_read_denied := {"kind": "PodTemplate", "metadata": {"name": "t", "namespace": "n"}, "template": {"spec": {"containers": [{"name": "c", "image": "x:1"}]}}}

test_pod_template_read_denied if count(data.kubernetes.pss_restricted.deny) > 0
