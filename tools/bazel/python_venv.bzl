"""Repository rule: a virtualenv built from requirements.lock, registered as the Python toolchain."""

def _python_venv_impl(rctx):
    python = rctx.which("python3")
    if python == None:
        fail("python_venv: python3 not found on PATH; install Python 3.11")
    lock = rctx.path(rctx.attr.lock)
    # The venv folder is named after the lock's hash, so the interpreter path (and with it every
    # Python action and cached test result) changes whenever the lock does.
    venv = rctx.path("venv-%d" % (hash(rctx.read(lock)) & 0xffffffff))
    steps = [
        [python, "-m", "venv", "--clear", str(venv)],
        [str(venv) + "/bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-input", "--require-hashes", "-r", str(lock)],
    ]
    for cmd in steps:
        res = rctx.execute(cmd, timeout = 1800, quiet = True)
        if res.return_code != 0:
            fail("python_venv: '%s' failed:\n%s\n%s" % (" ".join(cmd), res.stdout, res.stderr))
    interpreter = str(venv) + "/bin/python3"
    rctx.file("BUILD.bazel", """
load("@bazel_tools//tools/python:toolchain.bzl", "py_runtime_pair")

package(default_visibility = ["//visibility:public"])

py_runtime(
    name = "py3_runtime",
    interpreter_path = "{interpreter}",
    python_version = "PY3",
    stub_shebang = "#!{interpreter}",
)

py_runtime_pair(
    name = "runtime_pair",
    py3_runtime = ":py3_runtime",
)

toolchain(
    name = "toolchain",
    toolchain = ":runtime_pair",
    toolchain_type = "@bazel_tools//tools/python:toolchain_type",
)

""".format(interpreter = interpreter))

python_venv = repository_rule(
    implementation = _python_venv_impl,
    attrs = {"lock": attr.label(mandatory = True, allow_single_file = True)},
    doc = "Builds a venv from a hashed lock; re-runs when the lock changes.",
)
