# Pod Security Standards v1.31, baseline level: the 11 baseline controls, judged as Pod Security
# Admission (k8s.io/pod-security-admission v0.31, policy/check_*.go) judges them, on every kind that
# carries a pod (lib.k8s), reading the pod-level securityContext, every container admission visits
# (initContainers incl. native sidecars, containers, ephemeralContainers) and the pod's annotations.
# One row per control in policies/pss-controls.md.
package kubernetes.pss_baseline

import data.lib.k8s
import rego.v1

pod := k8s.pod_spec(input)

# securityContext of x, or {} when absent or null.
ctx(x) := c if {
	c := object.get(x, "securityContext", {})
	is_object(c)
} else := {}

# Who sets a securityContext: the pod, then each container. admission checks each one explicitly.
setters := array.concat(
	[{"who": "pod", "ctx": ctx(pod)}],
	[{"who": concat("", ["container ", c.name]), "ctx": ctx(c)} | some c in k8s.containers(input)],
)

baseline_caps := {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}

# policy/check_sysctls.go sysctlsAllowedV1Dot29 (the set in force at v1.31).
safe_sysctls := {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"}

# policy/check_seLinuxOptions.go selinuxAllowedTypes1_31.
selinux_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

valid_profile_types := {"RuntimeDefault", "Localhost"}

apparmor_annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains {"rule": "kubernetes.pss_baseline.host-process", "msg": concat("", [k8s.id(input), ": ", s.who, " sets windowsOptions.hostProcess: true"])} if {
	some s in setters
	object.get(s.ctx, ["windowsOptions", "hostProcess"], false) == true
}

deny contains {"rule": "kubernetes.pss_baseline.host-namespaces", "msg": concat("", [k8s.id(input), ": host", f, " must not be true"])} if {
	some f in ["Network", "PID", "IPC"]
	object.get(pod, concat("", ["host", f]), false) == true
}

deny contains {"rule": "kubernetes.pss_baseline.privileged", "msg": concat("", [k8s.id(input), ": container ", c.name, " is privileged"])} if {
	some c in k8s.containers(input)
	object.get(ctx(c), "privileged", false) == true
}

deny contains {"rule": "kubernetes.pss_baseline.capabilities", "msg": concat("", [k8s.id(input), ": container ", c.name, " adds capability ", cap])} if {
	some c in k8s.containers(input)
	some cap in object.get(ctx(c), ["capabilities", "add"], [])
	not baseline_caps[cap]
}

deny contains {"rule": "kubernetes.pss_baseline.host-path", "msg": concat("", [k8s.id(input), ": volume ", v.name, " is a hostPath"])} if {
	some v in object.get(pod, "volumes", [])
	object.get(v, "hostPath", null) != null
}

deny contains {"rule": "kubernetes.pss_baseline.host-ports", "msg": concat("", [k8s.id(input), ": container ", c.name, " uses hostPort ", format_int(p.hostPort, 10)])} if {
	some c in k8s.containers(input)
	some p in object.get(c, "ports", [])
	object.get(p, "hostPort", 0) != 0
}

# Fields: pod and every container; allowed RuntimeDefault, Localhost or unset.
deny contains {"rule": "kubernetes.pss_baseline.apparmor", "msg": concat("", [k8s.id(input), ": ", s.who, " sets AppArmor profile type ", t])} if {
	some s in setters
	t := object.get(s.ctx, ["appArmorProfile", "type"], null)
	t != null
	not valid_profile_types[t]
}

# Annotations (deprecated, still read): any container.apparmor.security.beta.kubernetes.io/* key on the
# pod (template) metadata; allowed runtime/default, localhost/*, or empty.
deny contains {"rule": "kubernetes.pss_baseline.apparmor", "msg": concat("", [k8s.id(input), ": annotation ", key, "=", v, " is not runtime/default or localhost/*"])} if {
	some key, v in object.get(k8s.pod_meta(input), "annotations", {})
	startswith(key, apparmor_annotation_prefix)
	not apparmor_annotation_allowed(v)
}

apparmor_annotation_allowed(v) if v == ""

apparmor_annotation_allowed(v) if v == "runtime/default"

apparmor_annotation_allowed(v) if startswith(v, "localhost/")

deny contains {"rule": "kubernetes.pss_baseline.selinux", "msg": concat("", [k8s.id(input), ": ", s.who, " sets seLinuxOptions type ", t, "; allowed: container_t, container_init_t, container_kvm_t, container_engine_t"])} if {
	some s in setters
	t := object.get(s.ctx, ["seLinuxOptions", "type"], "")
	not selinux_types[t]
}

deny contains {"rule": "kubernetes.pss_baseline.selinux", "msg": concat("", [k8s.id(input), ": ", s.who, " sets seLinuxOptions.", f, "; it must stay empty"])} if {
	some s in setters
	some f in ["user", "role"]
	object.get(s.ctx, ["seLinuxOptions", f], "") != ""
}

# hostUsers: false relaxes this only under the alpha UserNamespacesPodSecurityStandards gate (off in v1.31).
deny contains {"rule": "kubernetes.pss_baseline.proc-mount", "msg": concat("", [k8s.id(input), ": container ", c.name, " sets procMount ", m])} if {
	some c in k8s.containers(input)
	m := object.get(ctx(c), "procMount", "Default")
	not m in {"Default", null}
}

# Since v1.19 admission reads the fields only (the seccomp annotations are not read at v1.31).
deny contains {"rule": "kubernetes.pss_baseline.seccomp", "msg": concat("", [k8s.id(input), ": ", s.who, " sets seccompProfile type ", t, "; allowed: RuntimeDefault, Localhost"])} if {
	some s in setters
	t := object.get(s.ctx, ["seccompProfile", "type"], null)
	t != null
	not valid_profile_types[t]
}

deny contains {"rule": "kubernetes.pss_baseline.sysctls", "msg": concat("", [k8s.id(input), ": sysctl ", s.name, " is not in the safe set"])} if {
	some s in object.get(ctx(pod), "sysctls", [])
	not safe_sysctls[s.name]
}
