# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package istio.mtls_strict_test

import rego.v1

inputs.strict_allowed := {"kind": "PeerAuthentication", "metadata": {"name": "d"}, "spec": {"mtls": {"mode": "STRICT"}}}

test_strict_allowed if count(data.istio.mtls_strict.deny) == 0

inputs.disable_denied := {"kind": "PeerAuthentication", "metadata": {"name": "d"}, "spec": {"mtls": {"mode": "DISABLE"}}}

test_disable_denied if {
	{r.rule | some r in data.istio.mtls_strict.deny} == {"istio.mtls_strict.weak-mode"}
}

inputs.dr_mutual_allowed := {"kind": "DestinationRule", "metadata": {"name": "d"}, "spec": {"host": "h", "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}}}

test_dr_mutual_allowed if count(data.istio.mtls_strict.deny) == 0
