# Gateways name their hosts: no wildcard hosts.
package istio.gateway_hosts

import data.lib.k8s
import rego.v1

deny contains {"rule": "istio.gateway.wildcard-host", "msg": concat("", [k8s.id(input), " serves wildcard host ", h, "; list the exact hosts"])} if {
	input.kind == "Gateway"
	some s in input.spec.servers
	some h in s.hosts
	host := regex.replace(h, `^[^/]*/`, "")
	startswith(host, "*")
}
