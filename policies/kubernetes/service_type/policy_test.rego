# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.service_type_test

import rego.v1

svc(type, selector) := {"kind": "Service", "metadata": {"name": "s"}, "spec": {"type": type, "selector": selector}}

inputs.gateway_lb_allowed := svc("LoadBalancer", {"istio": "ingressgateway", "app": "gw"})

test_gateway_lb_allowed if count(data.kubernetes.service_type.deny) == 0

inputs.other_lb_denied := svc("LoadBalancer", {"istio": "egressgateway"})

test_other_lb_denied if {
	{r.rule | some r in data.kubernetes.service_type.deny} == {"kubernetes.service_type.loadbalancer"}
}

inputs.nodeport_denied := svc("NodePort", {})

test_nodeport_denied if {
	{r.rule | some r in data.kubernetes.service_type.deny} == {"kubernetes.service_type.nodeport"}
}
