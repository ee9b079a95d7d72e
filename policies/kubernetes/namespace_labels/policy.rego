# Namespaces carry Pod Security Admission labels.
package kubernetes.namespace_labels

import rego.v1

levels := {"restricted", "baseline", "privileged"}

deny contains {"rule": "kubernetes.namespace_labels.pss-label", "msg": concat("", ["Namespace/", input.metadata.name, " needs label pod-security.kubernetes.io/enforce (restricted|baseline|privileged)"])} if {
	input.kind == "Namespace"
	not levels[object.get(input.metadata, ["labels", "pod-security.kubernetes.io/enforce"], "")]
}

warn contains {"rule": "kubernetes.namespace_labels.pss-reason", "msg": concat("", ["Namespace/", input.metadata.name, " is below restricted without a urlshortener.lab/pss-reason annotation"])} if {
	input.kind == "Namespace"
	object.get(input.metadata, ["labels", "pod-security.kubernetes.io/enforce"], "") in {"baseline", "privileged"}
	not input.metadata.annotations["urlshortener.lab/pss-reason"]
}
