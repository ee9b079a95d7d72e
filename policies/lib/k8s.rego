# Shared helpers: pod specs and containers of any workload kind, and resource ids.
package lib.k8s

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}

pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.template.spec if workload_kinds[obj.kind]

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

pod_template_labels(obj) := object.get(obj.spec.template.metadata, "labels", {}) if workload_kinds[obj.kind]

has_pod(obj) if pod_spec(obj)

containers(obj) := [c |
	some field in ["initContainers", "containers", "ephemeralContainers"]
	some c in object.get(pod_spec(obj), field, [])
]

# concat, not sprintf: regopy 1.5.2 quotes defaulted strings under %s.
id(obj) := concat("/", [obj.kind, object.get(obj.metadata, "namespace", "-"), obj.metadata.name])

replicas(obj) := object.get(obj.spec, "replicas", 1)

# Selector labels map of a workload, or {} when it has none.
selector_labels(obj) := object.get(object.get(obj.spec, "selector", {}), "matchLabels", {})

# True when every key/value of `selector` is present in `labels` (and selector is non-empty).
selects(selector, labels) if {
	count(selector) > 0
	every k, v in selector {
		labels[k] == v
	}
}
