# Long-running containers have readiness and liveness probes (Jobs and init containers excepted).
package kubernetes.probes

import data.lib.k8s
import rego.v1

batch_kinds := {"Job", "CronJob"}

long_running if not batch_kinds[input.kind]

deny contains {"rule": "kubernetes.probes.missing", "msg": concat("", [k8s.id(input), ": container ", c.name, " has no ", p])} if {
	long_running
	some c in k8s.pod_spec(input).containers
	some p in ["readinessProbe", "livenessProbe"]
	not c[p]
}
