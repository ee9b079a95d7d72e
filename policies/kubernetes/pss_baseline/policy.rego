# Pod Security Standards, baseline controls (every pod must pass them).
package kubernetes.pss_baseline

import data.lib.k8s
import rego.v1

baseline_caps := {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}

safe_sysctls := {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"}

deny contains {"rule": "k8s.pss.host-namespaces", "msg": concat("", [k8s.id(input), ": host", f, " must not be true"])} if {
	some f in ["Network", "PID", "IPC"]
	object.get(k8s.pod_spec(input), concat("", ["host", f]), false) == true
}

deny contains {"rule": "k8s.pss.privileged", "msg": concat("", [k8s.id(input), ": container ", c.name, " is privileged"])} if {
	some c in k8s.containers(input)
	object.get(c, ["securityContext", "privileged"], false) == true
}

deny contains {"rule": "k8s.pss.capabilities-baseline", "msg": concat("", [k8s.id(input), ": container ", c.name, " adds capability ", cap])} if {
	some c in k8s.containers(input)
	some cap in object.get(c, ["securityContext", "capabilities", "add"], [])
	not baseline_caps[cap]
}

deny contains {"rule": "k8s.pss.host-path", "msg": concat("", [k8s.id(input), ": volume ", v.name, " is a hostPath"])} if {
	some v in object.get(k8s.pod_spec(input), "volumes", [])
	v.hostPath
}

deny contains {"rule": "k8s.pss.host-ports", "msg": concat("", [k8s.id(input), ": container ", c.name, " uses hostPort ", format_int(p.hostPort, 10)])} if {
	some c in k8s.containers(input)
	some p in object.get(c, "ports", [])
	object.get(p, "hostPort", 0) != 0
}

deny contains {"rule": "k8s.pss.proc-mount", "msg": concat("", [k8s.id(input), ": container ", c.name, " sets procMount ", m])} if {
	some c in k8s.containers(input)
	m := object.get(c, ["securityContext", "procMount"], "Default")
	m != "Default"
}

deny contains {"rule": "k8s.pss.selinux", "msg": concat("", [k8s.id(input), ": seLinuxOptions type ", t, " is not allowed"])} if {
	some ctx in array.concat([object.get(k8s.pod_spec(input), "securityContext", {})], [object.get(c, "securityContext", {}) | some c in k8s.containers(input)])
	t := object.get(ctx, ["seLinuxOptions", "type"], "")
	not t in {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
}

deny contains {"rule": "k8s.pss.sysctls", "msg": concat("", [k8s.id(input), ": sysctl ", s.name, " is not in the safe set"])} if {
	some s in object.get(k8s.pod_spec(input), ["securityContext", "sysctls"], [])
	not safe_sysctls[s.name]
}

deny contains {"rule": "k8s.pss.apparmor", "msg": concat("", [k8s.id(input), ": AppArmor profile Unconfined is not allowed"])} if {
	some ctx in array.concat([object.get(k8s.pod_spec(input), "securityContext", {})], [object.get(c, "securityContext", {}) | some c in k8s.containers(input)])
	object.get(ctx, ["appArmorProfile", "type"], "") == "Unconfined"
}
