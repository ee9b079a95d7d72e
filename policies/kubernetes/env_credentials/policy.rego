# Env vars whose names look like credentials never hold literal values.
package kubernetes.env_credentials

import data.lib.k8s
import rego.v1

credential_name(n) if regex.match(`(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)`, upper(n))

deny contains {"rule": "kubernetes.env_credentials.literal-value", "msg": concat("", [k8s.id(input), ": container ", c.name, " env ", e.name, " holds a literal value; mount a secret file or use secretKeyRef"])} if {
	some c in k8s.containers(input)
	some e in object.get(c, "env", [])
	credential_name(e.name)
	not endswith(e.name, "_FILE")
	object.get(e, "value", "") != ""
}
