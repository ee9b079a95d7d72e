# The final stage switches to a non-root USER.
package dockerfile.non_root

import rego.v1

final_stage := max({i.Stage | some i in input})

users := [i | some i in input; i.Cmd == "user"; i.Stage == final_stage]

root(u) if split(u, ":")[0] in {"root", "0"}

deny contains {"rule": "dockerfile.non_root.no-user", "msg": "Dockerfile: final stage has no USER; switch to the base image's non-root user"} if {
	count(users) == 0
}

deny contains {"rule": "dockerfile.non_root.root-user", "msg": concat("", ["Dockerfile: final USER is ", u, "; end on a non-root user"])} if {
	count(users) > 0
	u := users[count(users) - 1].Value[0]
	root(u)
}
