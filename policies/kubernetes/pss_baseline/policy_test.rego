# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.pss_baseline_test

import rego.v1

base := {"kind": "Pod", "metadata": {"name": "p", "namespace": "n"}, "spec": {"securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "c", "image": "x:1", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]}}

inputs.hardened_allowed := base

test_hardened_allowed if count(data.kubernetes.pss_baseline.deny) == 0

inputs.host_pid_denied := json.patch(base, [{"op": "add", "path": "/spec/hostPID", "value": true}])

test_host_pid_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.host-namespaces"}
}

inputs.net_admin_denied := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/capabilities/add", "value": ["NET_ADMIN"]}])

test_net_admin_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.capabilities"}
}

inputs.safe_sysctl_allowed := json.patch(base, [{"op": "add", "path": "/spec/securityContext/sysctls", "value": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}]}])

test_safe_sysctl_allowed if count(data.kubernetes.pss_baseline.deny) == 0

inputs.apparmor_annotation_denied := json.patch(base, [{"op": "add", "path": "/metadata/annotations", "value": {"container.apparmor.security.beta.kubernetes.io/c": "unconfined"}}])

test_apparmor_annotation_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.apparmor"}
}

inputs.selinux_user_denied := json.patch(base, [{"op": "add", "path": "/spec/securityContext/seLinuxOptions", "value": {"user": "system_u"}}])

test_selinux_user_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.selinux"}
}

inputs.seccomp_unconfined_container_denied := json.patch(base, [{"op": "add", "path": "/spec/containers/0/securityContext/seccompProfile", "value": {"type": "Unconfined"}}])

test_seccomp_unconfined_container_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.seccomp"}
}

inputs.host_process_pod_denied := json.patch(base, [{"op": "add", "path": "/spec/securityContext/windowsOptions", "value": {"hostProcess": true}}])

test_host_process_pod_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.host-process"}
}

inputs.ephemeral_privileged_denied := json.patch(base, [{"op": "add", "path": "/spec/ephemeralContainers", "value": [{"name": "debug", "image": "x:1", "securityContext": {"privileged": true}}]}])

test_ephemeral_privileged_denied if {
	{r.rule | some r in data.kubernetes.pss_baseline.deny} == {"kubernetes.pss_baseline.privileged"}
}
