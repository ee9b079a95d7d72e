# No NodePort Services; LoadBalancer only for the Istio ingress gateway.
package kubernetes.service_type

import data.lib.k8s
import rego.v1

deny contains {"rule": "kubernetes.service_type.nodeport", "msg": concat("", [k8s.id(input), " is NodePort; expose it through the ingress gateway"])} if {
	input.kind == "Service"
	input.spec.type == "NodePort"
}

deny contains {"rule": "kubernetes.service_type.loadbalancer", "msg": concat("", [k8s.id(input), " is LoadBalancer; only the Istio ingress gateway may be"])} if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	not object.get(input.spec, ["selector", "istio"], "") == "ingressgateway"
}
