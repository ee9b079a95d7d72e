# Pod Security Standards v1.31, restricted level: the 6 controls restricted adds to baseline, judged as
# Pod Security Admission (k8s.io/pod-security-admission v0.31, policy/check_*.go) judges them, on every
# kind that carries a pod (lib.k8s) and every container admission visits (initContainers incl. native
# sidecars, containers, ephemeralContainers). A restricted namespace must pass this and pss_baseline.
# How pod- and container-level settings combine (admission does not let a container override a bad pod value):
#   - an explicitly bad value at the pod level denies, whatever the containers set;
#   - an explicitly bad value on any container denies;
#   - runAsNonRoot and seccompProfile: a container that leaves it unset inherits a good pod-level value.
# Windows pods (spec.os.name: windows) are exempt from privilege-escalation, seccomp and capabilities: the
# API forbids those Linux fields on them. One row per control in policies/pss-controls.md.
package kubernetes.pss_restricted

import data.lib.k8s
import rego.v1

pod := k8s.pod_spec(input)

ctx(x) := c if {
	c := object.get(x, "securityContext", {})
	is_object(c)
} else := {}

pod_ctx := ctx(pod)

windows if object.get(pod, ["os", "name"], "") == "windows"

allowed_volume_types := {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}

valid_seccomp := {"RuntimeDefault", "Localhost"}

# A volume with no source at all is defaulted to emptyDir by the API before admission sees it.
deny contains {"rule": "kubernetes.pss_restricted.volume-types", "msg": concat("", [k8s.id(input), ": volume ", v.name, " uses ", concat(", ", types), "; allowed: ", concat(", ", sort(allowed_volume_types))])} if {
	some v in object.get(pod, "volumes", [])
	types := {t | some t in object.keys(v); t != "name"; v[t] != null}
	count(types) > 0
	count(types & allowed_volume_types) == 0
}

deny contains {"rule": "kubernetes.pss_restricted.privilege-escalation", "msg": concat("", [k8s.id(input), ": container ", c.name, " must set allowPrivilegeEscalation: false"])} if {
	not windows
	some c in k8s.containers(input)
	object.get(ctx(c), "allowPrivilegeEscalation", true) != false
}

deny contains {"rule": "kubernetes.pss_restricted.run-as-non-root", "msg": concat("", [k8s.id(input), ": the pod sets runAsNonRoot: false"])} if {
	object.get(pod_ctx, "runAsNonRoot", null) == false
}

deny contains {"rule": "kubernetes.pss_restricted.run-as-non-root", "msg": concat("", [k8s.id(input), ": container ", c.name, " sets runAsNonRoot: false"])} if {
	some c in k8s.containers(input)
	object.get(ctx(c), "runAsNonRoot", null) == false
}

deny contains {"rule": "kubernetes.pss_restricted.run-as-non-root", "msg": concat("", [k8s.id(input), ": the pod or container ", c.name, " must set runAsNonRoot: true"])} if {
	object.get(pod_ctx, "runAsNonRoot", null) != true
	some c in k8s.containers(input)
	object.get(ctx(c), "runAsNonRoot", null) == null
}

deny contains {"rule": "kubernetes.pss_restricted.run-as-user", "msg": concat("", [k8s.id(input), ": the pod sets runAsUser: 0"])} if {
	object.get(pod_ctx, "runAsUser", null) == 0
}

deny contains {"rule": "kubernetes.pss_restricted.run-as-user", "msg": concat("", [k8s.id(input), ": container ", c.name, " sets runAsUser: 0"])} if {
	some c in k8s.containers(input)
	object.get(ctx(c), "runAsUser", null) == 0
}

deny contains {"rule": "kubernetes.pss_restricted.seccomp", "msg": concat("", [k8s.id(input), ": the pod sets seccompProfile type ", t, "; use RuntimeDefault or Localhost"])} if {
	not windows
	t := object.get(pod_ctx, ["seccompProfile", "type"], null)
	t != null
	not valid_seccomp[t]
}

deny contains {"rule": "kubernetes.pss_restricted.seccomp", "msg": concat("", [k8s.id(input), ": container ", c.name, " sets seccompProfile type ", t, "; use RuntimeDefault or Localhost"])} if {
	not windows
	some c in k8s.containers(input)
	t := object.get(ctx(c), ["seccompProfile", "type"], null)
	t != null
	not valid_seccomp[t]
}

deny contains {"rule": "kubernetes.pss_restricted.seccomp", "msg": concat("", [k8s.id(input), ": the pod or container ", c.name, " needs seccompProfile RuntimeDefault or Localhost"])} if {
	not windows
	not valid_seccomp[object.get(pod_ctx, ["seccompProfile", "type"], "")]
	some c in k8s.containers(input)
	object.get(ctx(c), ["seccompProfile", "type"], null) == null
}

deny contains {"rule": "kubernetes.pss_restricted.capabilities-drop-all", "msg": concat("", [k8s.id(input), ": container ", c.name, " must drop ALL capabilities"])} if {
	not windows
	some c in k8s.containers(input)
	not "ALL" in object.get(ctx(c), ["capabilities", "drop"], [])
}

deny contains {"rule": "kubernetes.pss_restricted.capabilities-add", "msg": concat("", [k8s.id(input), ": container ", c.name, " may add only NET_BIND_SERVICE, not ", cap])} if {
	not windows
	some c in k8s.containers(input)
	some cap in object.get(ctx(c), ["capabilities", "add"], [])
	cap != "NET_BIND_SERVICE"
}
