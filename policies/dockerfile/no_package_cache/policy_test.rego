# Runner convention (regopy crashes on `with`): test_<x> is evaluated with input = inputs.<x>.
package dockerfile.no_package_cache_test

import rego.v1

run(cmd) := [{"Cmd": "run", "Flags": [], "Value": [cmd], "Stage": 0}]

inputs.apk_virtual_no_cache_allowed := run("apk add --no-cache --virtual .deps autoconf && apk del .deps")

test_apk_virtual_no_cache_allowed if count(data.dockerfile.no_package_cache.deny) == 0

inputs.apk_flags_before_add_denied := run("apk --update add autoconf")

test_apk_flags_before_add_denied if {
	{r.rule | some r in data.dockerfile.no_package_cache.deny} == {"dockerfile.no_package_cache.apk"}
}

inputs.pip3_denied := run("pip3 install x==1")

test_pip3_denied if count(data.dockerfile.no_package_cache.deny) == 1
