# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package dockerfile.no_remote_add_test

import rego.v1

inputs.local_allowed := [{"Cmd": "add", "Flags": [], "Value": ["app.tgz", "/opt/"], "Stage": 0}]

test_local_allowed if count(data.dockerfile.no_remote_add.deny) == 0

inputs.http_denied := [{"Cmd": "add", "Flags": ["--chown=1:1"], "Value": ["http://x/y.tgz", "/opt/"], "Stage": 0}]

test_http_denied if count(data.dockerfile.no_remote_add.deny) == 1
