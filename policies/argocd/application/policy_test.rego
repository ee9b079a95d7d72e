# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package argocd.application_test

import rego.v1

app(rev, project) := {"kind": "Application", "metadata": {"name": "a"}, "spec": {"project": project, "source": {"chart": "c", "targetRevision": rev}, "syncPolicy": {"automated": {"prune": true, "selfHeal": true}}}}

inputs.pinned_allowed := app("1.2.3", "platform")

test_pinned_allowed if count(data.argocd.application.deny) == 0

inputs.caret_denied := app("^1.2.0", "platform")

test_caret_denied if {
	{r.rule | some r in data.argocd.application.deny} == {"argocd.application.chart-unpinned"}
}

inputs.missing_project_denied := json.remove(app("1.2.3", "x"), ["spec/project"])

test_missing_project_denied if {
	{r.rule | some r in data.argocd.application.deny} == {"argocd.application.default-project"}
}

inputs.git_path_source_allowed := json.patch(app("1.2.3", "platform"), [{"op": "replace", "path": "/spec/source", "value": {"repoURL": "https://x", "path": "platform/rendered/homelab/shlink", "targetRevision": "main"}}])

test_git_path_source_allowed if count(data.argocd.application.deny) == 0
