# Shared helpers: pod specs, pod metadata and containers of every kind that carries a pod (the kinds
# Pod Security Admission reads: Pod, PodTemplate, ReplicationController, ReplicaSet, Deployment,
# StatefulSet, DaemonSet, Job, CronJob), and resource ids.
package lib.k8s

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}

pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.template.spec if workload_kinds[obj.kind]

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

pod_spec(obj) := obj.template.spec if obj.kind == "PodTemplate"

# The pod's metadata (annotations live here): the object's own for a Pod, else its pod template's.
pod_meta(obj) := object.get(obj, "metadata", {}) if obj.kind == "Pod"

pod_meta(obj) := object.get(obj.spec.template, "metadata", {}) if workload_kinds[obj.kind]

pod_meta(obj) := object.get(obj.spec.jobTemplate.spec.template, "metadata", {}) if obj.kind == "CronJob"

pod_meta(obj) := object.get(obj.template, "metadata", {}) if obj.kind == "PodTemplate"

pod_template_labels(obj) := object.get(obj.spec.template.metadata, "labels", {}) if workload_kinds[obj.kind]

has_pod(obj) if pod_spec(obj)

# Every container admission visits: initContainers (incl. native sidecars), containers, ephemeralContainers.
containers(obj) := [c |
	some field in ["initContainers", "containers", "ephemeralContainers"]
	some c in object.get(pod_spec(obj), field, [])
]

# Containers a manifest can carry resources, probes and ports on: the API forbids those on ephemeral ones.
non_ephemeral_containers(obj) := [c |
	some field in ["initContainers", "containers"]
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
