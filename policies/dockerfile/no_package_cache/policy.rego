# Package manager caches are not left in image layers: every RUN that installs with apk, apt/apt-get,
# dnf/yum/microdnf, pip or pecl either skips the cache or removes it in the same RUN. A RUN with a
# BuildKit cache mount (--mount=type=cache) keeps its caches out of the layer and is not checked.
package dockerfile.no_package_cache

import rego.v1

runs := [i.Value[0] |
	some i in input
	i.Cmd == "run"
	not cache_mount(i)
]

cache_mount(i) if {
	some f in i.Flags
	startswith(f, "--mount=")
	contains(f, "type=cache")
}

deny contains {"rule": "dockerfile.no_package_cache.apk", "msg": "Dockerfile: apk add without --no-cache leaves the index in the layer"} if {
	some r in runs
	regex.match(`apk\s+(\S+\s+)*add`, r)
	not contains(r, "--no-cache")
	not contains(r, "rm -rf /var/cache/apk")
}

deny contains {"rule": "dockerfile.no_package_cache.apt", "msg": "Dockerfile: apt install without removing /var/lib/apt/lists in the same RUN"} if {
	some r in runs
	regex.match(`\bapt(-get)?\s+(\S+\s+)*install\b`, r)
	not contains(r, "rm -rf /var/lib/apt/lists")
}

deny contains {"rule": "dockerfile.no_package_cache.dnf", "msg": "Dockerfile: dnf/yum install without `clean all` in the same RUN"} if {
	some r in runs
	regex.match(`\b(dnf|yum|microdnf)\s+(\S+\s+)*install\b`, r)
	not regex.match(`\b(dnf|yum|microdnf)\s+clean\s+all\b`, r)
}

deny contains {"rule": "dockerfile.no_package_cache.pip", "msg": "Dockerfile: pip install without --no-cache-dir"} if {
	some r in runs
	regex.match(`pip3?\s+install`, r)
	not contains(r, "--no-cache-dir")
}

deny contains {"rule": "dockerfile.no_package_cache.pecl", "msg": "Dockerfile: pecl install without removing /tmp/pear in the same RUN"} if {
	some r in runs
	regex.match(`\bpecl\s+install\b`, r)
	not contains(r, "rm -rf /tmp/pear")
}
