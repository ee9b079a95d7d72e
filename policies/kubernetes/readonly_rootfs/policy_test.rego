# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package kubernetes.readonly_rootfs_test

import rego.v1

pod(ctx) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "securityContext": ctx}]}}

inputs.readonly_allowed := pod({"readOnlyRootFilesystem": true})

test_readonly_allowed if count(data.kubernetes.readonly_rootfs.deny) == 0

inputs.unset_denied := pod({})

test_unset_denied if count(data.kubernetes.readonly_rootfs.deny) == 1
