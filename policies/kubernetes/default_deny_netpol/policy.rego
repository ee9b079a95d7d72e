# Cross-resource: every namespace with workloads has a default-deny NetworkPolicy (ingress and egress).
package kubernetes.default_deny_netpol

import data.lib.k8s
import rego.v1

combine := true

objects := [d.contents | some d in input]

workload_namespaces contains ns if {
	some o in objects
	k8s.has_pod(o)
	ns := object.get(o.metadata, "namespace", "default")
}

denies_all(np) if {
	np.kind == "NetworkPolicy"
	count(object.get(np.spec, ["podSelector", "matchLabels"], {})) == 0
	count(object.get(np.spec, ["podSelector", "matchExpressions"], [])) == 0
	{"Ingress", "Egress"} == {t | some t in np.spec.policyTypes}
	count(object.get(np.spec, "ingress", [])) == 0
	count(object.get(np.spec, "egress", [])) == 0
}

deny contains {"rule": "kubernetes.default_deny_netpol.missing", "resource": concat("", ["Namespace/-/", ns]), "msg": concat("", ["namespace ", ns, " runs workloads but has no default-deny NetworkPolicy"])} if {
	some ns in workload_namespaces
	not has_default_deny(ns)
}

has_default_deny(ns) if {
	some np in objects
	np.metadata.namespace == ns
	denies_all(np)
}
