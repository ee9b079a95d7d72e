# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package istio.gateway_hosts_test

import rego.v1

gw(hosts) := {"kind": "Gateway", "metadata": {"name": "g"}, "spec": {"servers": [{"hosts": hosts}]}}

inputs.exact_allowed := gw(["shlink.local", "apps/go.shlink.local"])

test_exact_allowed if count(data.istio.gateway_hosts.deny) == 0

inputs.subdomain_wildcard_denied := gw(["*.shlink.local"])

test_subdomain_wildcard_denied if count(data.istio.gateway_hosts.deny) == 1
