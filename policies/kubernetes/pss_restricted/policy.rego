# Pod Security Standards, restricted controls on top of baseline.
package kubernetes.pss_restricted

import data.lib.k8s
import rego.v1

allowed_volume_types := {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}

pod_ctx := object.get(k8s.pod_spec(input), "securityContext", {})

# A container setting wins over the pod setting.
effective(c, field) := v if {
	v := c.securityContext[field]
} else := v if {
	v := pod_ctx[field]
}

deny contains {"rule": "k8s.pss.volume-types", "msg": concat("", [k8s.id(input), ": volume ", v.name, " has a type outside the restricted set"])} if {
	some v in object.get(k8s.pod_spec(input), "volumes", [])
	types := object.keys(v) - {"name"}
	count(types & allowed_volume_types) == 0
}

deny contains {"rule": "k8s.pss.privilege-escalation", "msg": concat("", [k8s.id(input), ": container ", c.name, " must set allowPrivilegeEscalation: false"])} if {
	some c in k8s.containers(input)
	object.get(c, ["securityContext", "allowPrivilegeEscalation"], true) != false
}

deny contains {"rule": "k8s.pss.run-as-non-root", "msg": concat("", [k8s.id(input), ": container ", c.name, " must run with runAsNonRoot: true"])} if {
	some c in k8s.containers(input)
	not effective(c, "runAsNonRoot") == true
}

deny contains {"rule": "k8s.pss.run-as-user", "msg": concat("", [k8s.id(input), ": container ", c.name, " must not run as uid 0"])} if {
	some c in k8s.containers(input)
	effective(c, "runAsUser") == 0
}

deny contains {"rule": "k8s.pss.seccomp", "msg": concat("", [k8s.id(input), ": container ", c.name, " needs seccompProfile RuntimeDefault or Localhost"])} if {
	some c in k8s.containers(input)
	not effective(c, "seccompProfile").type in {"RuntimeDefault", "Localhost"}
}

deny contains {"rule": "k8s.pss.capabilities-drop-all", "msg": concat("", [k8s.id(input), ": container ", c.name, " must drop ALL capabilities"])} if {
	some c in k8s.containers(input)
	not "ALL" in object.get(c, ["securityContext", "capabilities", "drop"], [])
}

deny contains {"rule": "k8s.pss.capabilities-add", "msg": concat("", [k8s.id(input), ": container ", c.name, " may add only NET_BIND_SERVICE, not ", cap])} if {
	some c in k8s.containers(input)
	some cap in object.get(c, ["securityContext", "capabilities", "add"], [])
	cap != "NET_BIND_SERVICE"
}
