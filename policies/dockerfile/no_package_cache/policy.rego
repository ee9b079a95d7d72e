# Package manager caches are not left in image layers.
package dockerfile.no_package_cache

import rego.v1

runs := [i.Value[0] | some i in input; i.Cmd == "run"]

deny contains {"rule": "dockerfile.cache.apk", "msg": "Dockerfile: apk add without --no-cache leaves the index in the layer"} if {
	some r in runs
	regex.match(`apk\s+(\S+\s+)*add`, r)
	not contains(r, "--no-cache")
}

deny contains {"rule": "dockerfile.cache.apt", "msg": "Dockerfile: apt-get install without removing /var/lib/apt/lists in the same RUN"} if {
	some r in runs
	contains(r, "apt-get install")
	not contains(r, "rm -rf /var/lib/apt/lists")
}

deny contains {"rule": "dockerfile.cache.pip", "msg": "Dockerfile: pip install without --no-cache-dir"} if {
	some r in runs
	regex.match(`pip3?\s+install`, r)
	not contains(r, "--no-cache-dir")
}
