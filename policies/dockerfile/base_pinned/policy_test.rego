# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package dockerfile.base_pinned_test

import rego.v1

from(image) := {"Cmd": "from", "Flags": [], "Value": [image], "Stage": 0}

from_as(image, name, stage) := {"Cmd": "from", "Flags": [], "Value": [image, "AS", name], "Stage": stage}

inputs.stage_reference_allowed := [from_as("golang:1.23.4@sha256:0000000000000000000000000000000000000000000000000000000000000000", "build", 0), from("build")]

test_stage_reference_allowed if {
	count(data.dockerfile.base_pinned.deny) == 0
	count(data.dockerfile.base_pinned.warn) == 0
}

inputs.latest_denied := [from("alpine:latest")]

test_latest_denied if {
	{r.rule | some r in data.dockerfile.base_pinned.deny} == {"dockerfile.base_pinned.latest"}
}

inputs.scratch_allowed := [from("scratch")]

test_scratch_allowed if count(data.dockerfile.base_pinned.deny) == 0
