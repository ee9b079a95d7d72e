# Pods and ServiceAccounts do not automount the API token.
package kubernetes.sa_token

import data.lib.k8s
import rego.v1

deny contains {"rule": "kubernetes.sa_token.pod-automount", "msg": concat("", [k8s.id(input), ": set automountServiceAccountToken: false on the pod"])} if {
	k8s.has_pod(input)
	object.get(k8s.pod_spec(input), "automountServiceAccountToken", true) != false
}

deny contains {"rule": "kubernetes.sa_token.serviceaccount-automount", "msg": concat("", [k8s.id(input), ": set automountServiceAccountToken: false"])} if {
	input.kind == "ServiceAccount"
	object.get(input, "automountServiceAccountToken", true) != false
}
