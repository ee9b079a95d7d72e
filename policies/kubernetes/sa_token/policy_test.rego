# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.sa_token_test

import rego.v1

inputs.pod_off_allowed := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"automountServiceAccountToken": false, "containers": []}}

test_pod_off_allowed if count(data.kubernetes.sa_token.deny) == 0

inputs.pod_on_denied := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"automountServiceAccountToken": true, "containers": []}}

test_pod_on_denied if {
	{r.rule | some r in data.kubernetes.sa_token.deny} == {"kubernetes.sa_token.pod-automount"}
}

inputs.configmap_ignored := {"kind": "ConfigMap", "metadata": {"name": "c"}}

test_configmap_ignored if count(data.kubernetes.sa_token.deny) == 0
