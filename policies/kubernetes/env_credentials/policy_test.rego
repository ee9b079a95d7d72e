# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.env_credentials_test

import rego.v1

pod(env) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "env": env}]}}

inputs.file_pointer_allowed := pod([{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"}, {"name": "LOG_LEVEL", "value": "info"}])

test_file_pointer_allowed if count(data.kubernetes.env_credentials.deny) == 0

inputs.lowercase_token_denied := pod([{"name": "github_token", "value": "abc"}])

test_lowercase_token_denied if count(data.kubernetes.env_credentials.deny) == 1

inputs.secret_ref_allowed := pod([{"name": "API_KEY", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}])

test_secret_ref_allowed if count(data.kubernetes.env_credentials.deny) == 0
