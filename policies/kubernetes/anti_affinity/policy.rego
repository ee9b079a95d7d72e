# Soft: replicated workloads spread over nodes (pod anti-affinity or topology spread).
package kubernetes.anti_affinity

import data.lib.k8s
import rego.v1

spread(spec) if spec.affinity.podAntiAffinity
spread(spec) if count(object.get(spec, "topologySpreadConstraints", [])) > 0

warn contains {"rule": "kubernetes.anti_affinity.no-spread", "msg": concat("", [k8s.id(input), " has ", format_int(k8s.replicas(input), 10), " replicas but no pod anti-affinity or topology spread"])} if {
	input.kind in {"Deployment", "StatefulSet"}
	k8s.replicas(input) > 1
	not spread(k8s.pod_spec(input))
}
