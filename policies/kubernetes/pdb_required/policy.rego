# Cross-resource: every replicated workload is covered by a PodDisruptionBudget in its namespace.
package kubernetes.pdb_required

import data.lib.k8s
import rego.v1

combine := true

objects := [d.contents | some d in input]

covered(w) if {
	some pdb in objects
	pdb.kind == "PodDisruptionBudget"
	object.get(pdb.metadata, "namespace", "") == object.get(w.metadata, "namespace", "")
	k8s.selects(object.get(pdb.spec, ["selector", "matchLabels"], {}), k8s.pod_template_labels(w))
}

deny contains {"rule": "kubernetes.pdb_required.missing", "resource": k8s.id(w), "path": d.path, "msg": concat("", [k8s.id(w), " has ", format_int(k8s.replicas(w), 10), " replicas but no PodDisruptionBudget selects it"])} if {
	some d in input
	w := d.contents
	w.kind in {"Deployment", "StatefulSet"}
	k8s.replicas(w) > 1
	not covered(w)
}
