# Gateways name their hosts: no wildcard hosts. Both kinds named Gateway are read:
# - Istio (networking.istio.io): every spec.servers[].hosts entry, with or without a "namespace/" prefix,
#   must not start with "*";
# - Gateway API (gateway.networking.k8s.io): every spec.listeners[] must set a hostname ("when
#   unspecified, all hostnames are matched") that does not start with "*" (kubernetes-sigs/gateway-api
#   apis/v1/gateway_types.go Listener.Hostname).
package istio.gateway_hosts

import data.lib.k8s
import rego.v1

gateway_api if startswith(object.get(input, "apiVersion", ""), "gateway.networking.k8s.io/")

deny contains {"rule": "istio.gateway_hosts.wildcard-host", "msg": concat("", [k8s.id(input), " serves wildcard host ", h, "; list the exact hosts"])} if {
	input.kind == "Gateway"
	not gateway_api
	some s in input.spec.servers
	some h in s.hosts
	host := regex.replace(h, `^[^/]*/`, "")
	startswith(host, "*")
}

deny contains {"rule": "istio.gateway_hosts.wildcard-host", "msg": concat("", [k8s.id(input), " listener ", l.name, " serves ", h, "; set an exact hostname"])} if {
	input.kind == "Gateway"
	gateway_api
	some l in object.get(input.spec, "listeners", [])
	h := object.get(l, "hostname", "every host (no hostname)")
	not exact_hostname(h, l)
}

exact_hostname(h, l) if {
	l.hostname
	not startswith(h, "*")
}
