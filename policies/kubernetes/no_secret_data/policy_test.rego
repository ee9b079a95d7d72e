# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.no_secret_data_test

import rego.v1

inputs.empty_secret_allowed := {"kind": "Secret", "metadata": {"name": "s"}, "type": "kubernetes.io/tls"}

test_empty_secret_allowed if count(data.kubernetes.no_secret_data.deny) == 0

inputs.data_denied := {"kind": "Secret", "metadata": {"name": "s", "namespace": "n"}, "data": {"k": "dg=="}}

test_data_denied if {
	[r.msg | some r in data.kubernetes.no_secret_data.deny] == ["Secret/n/s carries data; deliver it through an ExternalSecret"]
}
