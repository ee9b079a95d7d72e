# No PERMISSIVE or DISABLE mTLS anywhere in the mesh.
package istio.mtls_strict

import data.lib.k8s
import rego.v1

weak := {"PERMISSIVE", "DISABLE"}

deny contains {"rule": "istio.mtls.weak", "msg": concat("", [k8s.id(input), " sets mTLS mode ", m, "; use STRICT"])} if {
	input.kind == "PeerAuthentication"
	m := object.get(input.spec, ["mtls", "mode"], "")
	weak[m]
}

deny contains {"rule": "istio.mtls.weak-port", "msg": concat("", [k8s.id(input), " sets port ", port, " to ", p.mode, "; use STRICT"])} if {
	input.kind == "PeerAuthentication"
	some port, p in object.get(input.spec, "portLevelMtls", {})
	weak[p.mode]
}

deny contains {"rule": "istio.mtls.dr-disable", "msg": concat("", [k8s.id(input), " disables TLS to ", input.spec.host])} if {
	input.kind == "DestinationRule"
	object.get(input.spec, ["trafficPolicy", "tls", "mode"], "") == "DISABLE"
}
