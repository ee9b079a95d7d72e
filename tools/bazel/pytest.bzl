"""pytest_test: a native py_test whose main runs pytest over its own srcs."""

def pytest_test(name, srcs, deps = [], data = [], args = [], tags = [], size = "small", **kwargs):
    native.py_test(
        name = name,
        srcs = srcs + ["//tools/bazel:pytest_main.py"],
        main = "//tools/bazel:pytest_main.py",
        deps = deps,
        data = data,
        args = args + ["$(location %s)" % s for s in srcs],
        tags = tags,
        size = size,
        python_version = "PY3",
        srcs_version = "PY3",
        **kwargs
    )
