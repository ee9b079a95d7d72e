# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.probes_test

import rego.v1

probe := {"httpGet": {"path": "/", "port": 80}}

inputs.both_allowed := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "readinessProbe": probe, "livenessProbe": probe}]}}}}

test_both_allowed if count(data.kubernetes.probes.deny) == 0

inputs.no_readiness_denied := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "livenessProbe": probe}]}}}}

test_no_readiness_denied if {
	[r.msg | some r in data.kubernetes.probes.deny] == ["Deployment/-/d: container c has no readinessProbe"]
}

inputs.cronjob_exempt := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c"}]}}}}}}

test_cronjob_exempt if count(data.kubernetes.probes.deny) == 0
