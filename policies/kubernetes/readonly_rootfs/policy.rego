# Containers run with a read-only root filesystem.
package kubernetes.readonly_rootfs

import data.lib.k8s
import rego.v1

deny contains {"rule": "kubernetes.readonly_rootfs.writable-root", "msg": concat("", [k8s.id(input), ": container ", c.name, " must set readOnlyRootFilesystem: true"])} if {
	some c in k8s.containers(input)
	object.get(c, ["securityContext", "readOnlyRootFilesystem"], false) != true
}
