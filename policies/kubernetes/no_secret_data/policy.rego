# No rendered Secret carries data: secrets come from ExternalSecrets or operators.
package kubernetes.no_secret_data

import data.lib.k8s
import rego.v1

deny contains {"rule": "kubernetes.no_secret_data.inline-data", "msg": concat("", [k8s.id(input), " carries ", f, "; deliver it through an ExternalSecret"])} if {
	input.kind == "Secret"
	some f in ["data", "stringData"]
	count(object.get(input, f, {})) > 0
}
