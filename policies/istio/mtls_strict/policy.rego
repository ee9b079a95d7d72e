# No PERMISSIVE or DISABLE mTLS anywhere in the mesh: PeerAuthentication's workload-wide and per-port
# modes, and DestinationRule client TLS mode DISABLE at every place a traffic policy can set it —
# spec.trafficPolicy.tls, spec.trafficPolicy.portLevelSettings[].tls, and the same two under every
# spec.subsets[].trafficPolicy (istio/api@1.24.2 networking/v1alpha3/destination_rule.proto,
# security/v1beta1/peer_authentication.proto).
package istio.mtls_strict

import data.lib.k8s
import rego.v1

weak := {"PERMISSIVE", "DISABLE"}

deny contains {"rule": "istio.mtls_strict.weak-mode", "msg": concat("", [k8s.id(input), " sets mTLS mode ", m, "; use STRICT"])} if {
	input.kind == "PeerAuthentication"
	m := object.get(input.spec, ["mtls", "mode"], "")
	weak[m]
}

deny contains {"rule": "istio.mtls_strict.weak-port-mode", "msg": concat("", [k8s.id(input), " sets port ", port, " to ", p.mode, "; use STRICT"])} if {
	input.kind == "PeerAuthentication"
	some port, p in object.get(input.spec, "portLevelMtls", {})
	weak[p.mode]
}

# Every traffic policy of a DestinationRule, with where it sits (for the message).
traffic_policies contains {"where": "spec.trafficPolicy", "policy": input.spec.trafficPolicy} if input.spec.trafficPolicy

traffic_policies contains {"where": concat("", ["spec.subsets[", s.name, "].trafficPolicy"]), "policy": s.trafficPolicy} if {
	some s in object.get(input.spec, "subsets", [])
	s.trafficPolicy
}

# Every client TLS setting in those policies: the policy-wide one and each port-level one.
tls_settings contains {"where": t.where, "tls": t.policy.tls} if {
	some t in traffic_policies
	t.policy.tls
}

tls_settings contains {"where": concat("", [t.where, ".portLevelSettings[", format_int(i, 10), "]"]), "tls": pls.tls} if {
	some t in traffic_policies
	some i, pls in object.get(t.policy, "portLevelSettings", [])
	pls.tls
}

deny contains {"rule": "istio.mtls_strict.destinationrule-disable", "msg": concat("", [k8s.id(input), " disables TLS to ", input.spec.host, " at ", s.where])} if {
	input.kind == "DestinationRule"
	some s in tls_settings
	object.get(s.tls, "mode", "") == "DISABLE"
}
