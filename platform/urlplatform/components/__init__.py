"""One module per component: each states its namespace, chart pin, wave, Pod Security level, Helm values and
the endpoints others reach it by, once. `registry` lists them all."""
