# ArgoCD Applications: exact Helm chart versions, automated prune + selfHeal, a real project.
package argocd.application

import rego.v1

sources contains s if s := input.spec.source

sources contains s if some s in object.get(input.spec, "sources", [])

exact_version(v) if regex.match(`^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.\-]+)?$`, v)

deny contains {"rule": "argocd.application.chart-unpinned", "msg": concat("", ["Application/", input.metadata.name, " chart ", s.chart, " targetRevision ", "\"", object.get(s, "targetRevision", ""), "\"", " is not an exact version"])} if {
	input.kind == "Application"
	some s in sources
	s.chart
	not exact_version(object.get(s, "targetRevision", ""))
}

deny contains {"rule": "argocd.application.sync-not-automated", "msg": concat("", ["Application/", input.metadata.name, " needs syncPolicy.automated with prune and selfHeal"])} if {
	input.kind == "Application"
	not sync_automated
}

sync_automated if {
	input.spec.syncPolicy.automated.prune == true
	input.spec.syncPolicy.automated.selfHeal == true
}

deny contains {"rule": "argocd.application.default-project", "msg": concat("", ["Application/", input.metadata.name, " uses project ", "\"", object.get(input.spec, "project", ""), "\"", "; use the platform AppProject"])} if {
	input.kind == "Application"
	object.get(input.spec, "project", "default") in {"default", ""}
}
