# Container images carry an explicit, non-latest tag (warn when no digest pins them).
package kubernetes.image_pinned

import data.lib.k8s
import rego.v1

tag(image) := t if {
	not contains(image, "@")
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	t := split(last, ":")[1]
}

deny contains {"rule": "kubernetes.image_pinned.untagged", "msg": concat("", [k8s.id(input), ": container ", c.name, " image ", c.image, " has no tag; pin a version"])} if {
	some c in k8s.containers(input)
	not contains(c.image, "@")
	not tag(c.image)
}

deny contains {"rule": "kubernetes.image_pinned.latest", "msg": concat("", [k8s.id(input), ": container ", c.name, " image ", c.image, " uses tag latest; pin a version"])} if {
	some c in k8s.containers(input)
	tag(c.image) == "latest"
}

warn contains {"rule": "kubernetes.image_pinned.no-digest", "msg": concat("", [k8s.id(input), ": container ", c.name, " image ", c.image, " is not pinned by digest (run the image pin command or let Renovate add it)"])} if {
	some c in k8s.containers(input)
	not contains(c.image, "@sha256:")
}
