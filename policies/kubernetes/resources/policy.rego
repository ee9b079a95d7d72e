# Every container requests CPU and memory and has a memory limit (ephemeral containers excepted: the API
# forbids resources on them).
package kubernetes.resources

import data.lib.k8s
import rego.v1

deny contains {"rule": "kubernetes.resources.requests", "msg": concat("", [k8s.id(input), ": container ", c.name, " must request ", r])} if {
	some c in k8s.non_ephemeral_containers(input)
	some r in ["cpu", "memory"]
	not c.resources.requests[r]
}

deny contains {"rule": "kubernetes.resources.memory-limit", "msg": concat("", [k8s.id(input), ": container ", c.name, " must set a memory limit"])} if {
	some c in k8s.non_ephemeral_containers(input)
	not c.resources.limits.memory
}
