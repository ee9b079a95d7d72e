# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package dockerfile.non_root_test

import rego.v1

i(cmd, value, stage) := {"Cmd": cmd, "Flags": [], "Value": [value], "Stage": stage}

inputs.uid_allowed := [i("from", "a:1", 0), i("user", "1001", 0)]

test_uid_allowed if count(data.dockerfile.non_root.deny) == 0

inputs.root_group_form_denied := [i("from", "a:1", 0), i("user", "0:0", 0)]

test_root_group_form_denied if {
	{r.rule | some r in data.dockerfile.non_root.deny} == {"dockerfile.non_root.root-user"}
}
