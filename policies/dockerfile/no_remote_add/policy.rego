# ADD never fetches remote sources — URLs (http, https, ftp, any case) or git repositories (git://,
# git@host:repo) — use a verified download in RUN, or COPY.
package dockerfile.no_remote_add

import rego.v1

deny contains {"rule": "dockerfile.no_remote_add.remote-source", "msg": concat("", ["Dockerfile: ADD ", src, " fetches a remote source; download with checksum verification instead"])} if {
	some i in input
	i.Cmd == "add"
	some src in i.Value
	regex.match(`^((https?|ftp|git)://|git@[^:/]+:)`, lower(src))
}
