# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.anti_affinity_test

import rego.v1

deploy(replicas, spec) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": replicas, "template": {"spec": spec}}}

inputs.spread_clean := deploy(3, {"topologySpreadConstraints": [{"maxSkew": 1}]})

test_spread_clean if count(data.kubernetes.anti_affinity.warn) == 0

inputs.unspread_warns := deploy(3, {})

test_unspread_warns if count(data.kubernetes.anti_affinity.warn) == 1

inputs.single_replica_clean := deploy(1, {})

test_single_replica_clean if count(data.kubernetes.anti_affinity.warn) == 0
