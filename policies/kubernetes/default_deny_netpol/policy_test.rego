# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.default_deny_netpol_test

import rego.v1

pod(ns) := {"path": "p.yaml", "contents": {"kind": "Pod", "metadata": {"name": "p", "namespace": ns}, "spec": {"containers": []}}}

deny_all(ns) := {"path": "np.yaml", "contents": {"kind": "NetworkPolicy", "metadata": {"name": "d", "namespace": ns}, "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}}}

inputs.each_namespace_covered := [pod("a"), pod("b"), deny_all("a"), deny_all("b")]

test_each_namespace_covered if count(data.kubernetes.default_deny_netpol.deny) == 0

inputs.one_namespace_missing := [pod("a"), pod("b"), deny_all("a")]

test_one_namespace_missing if {
	[r.resource | some r in data.kubernetes.default_deny_netpol.deny] == ["Namespace/-/b"]
}

allow_all := {"path": "np.yaml", "contents": {"kind": "NetworkPolicy", "metadata": {"name": "d", "namespace": "a"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [{}]}}}

inputs.allow_all_is_not_deny := [pod("a"), allow_all]

test_allow_all_is_not_deny if count(data.kubernetes.default_deny_netpol.deny) == 1
