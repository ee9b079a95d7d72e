# Base images carry an explicit tag other than latest and resolve without build-arg gaps (FROM of an earlier
# stage and scratch are not base images); warn until a digest pins them.
package dockerfile.base_pinned

import rego.v1

stage_names := {lower(i.Value[2]) | some i in input; i.Cmd == "from"; count(i.Value) >= 3}

bases contains i.Value[0] if {
	some i in input
	i.Cmd == "from"
	not stage_names[lower(i.Value[0])]
	i.Value[0] != "scratch"
}

tag(image) := t if {
	parts := split(split(image, "@")[0], "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	t := split(last, ":")[1]
}

deny contains {"rule": "dockerfile.base_pinned.untagged", "msg": concat("", ["Dockerfile: FROM ", b, " has no tag; pin an exact version"])} if {
	some b in bases
	not tag(b)
	not contains(b, "@")
}

deny contains {"rule": "dockerfile.base_pinned.latest", "msg": concat("", ["Dockerfile: FROM ", b, " uses latest; pin an exact version"])} if {
	some b in bases
	tag(b) == "latest"
}

deny contains {"rule": "dockerfile.base_pinned.unresolved-arg", "msg": concat("", ["Dockerfile: FROM ", b, " uses an ARG without a default"])} if {
	some b in bases
	contains(b, "$")
}

warn contains {"rule": "dockerfile.base_pinned.no-digest", "msg": concat("", ["Dockerfile: FROM ", b, " is not pinned by digest; run `bazel run //images/shlink:pin` where a registry is reachable"])} if {
	some b in bases
	not contains(b, "@sha256:")
}
