#!/usr/bin/python3
"""Runs the conformance oracle scripts in one long-lived interpreter, so torch and torchvision are imported once per
test run rather than once per test (a process start plus `import torch, torchvision` costs 2-9 s on a busy 2-core host,
and the conformance suite runs about a hundred oracle scripts).

Protocol (tests/NetDsl.Conformance.Tests/Oracle.cs): the server first writes one line "ready TORCH TORCHVISION" to
stdout; then, for each JSON request line on stdin,
    {"script": PATH, "args": [ARG, ...], "stdin": TEXT or null}
it runs PATH as __main__ (runpy.run_path) with sys.argv = [PATH, ARG...], PATH's folder first on sys.path and TEXT as
sys.stdin, and writes one JSON line {"code": EXIT_CODE, "output": STDOUT_AND_STDERR}: what `python3 PATH ARG...` would
have exited with and printed, stdout then stderr (SystemExit's code, or 1 with the message or traceback). Global state a script sets up
itself (torch.manual_seed, torch.set_num_threads, model construction) is redone by every script, as it is in a fresh
process; modules imported from outside the installation (a script's own folder, an exported model.py) are forgotten after
each run, so the next run imports them afresh.
EOF on stdin ends the server.

`oracle_server.py MODULE...` imports those modules before it is ready instead of torch and torchvision, and its first line
names their versions: tests/NetDsl.Zoo.Tests runs Debian's ONNX checker through it with `onnx` alone
(tests/Shared/PythonScriptServer.cs is the client of both).
"""

import contextlib
import gc
import importlib
import io
import json
import os
import runpy
import site
import sys
import sysconfig
import traceback

PRELOAD = sys.argv[1:] or ["torch", "torchvision", "torchvision.models", "torchvision.models.segmentation", "torchvision.ops"]
for module in PRELOAD:
    importlib.import_module(module)

# The protocol owns the real stdout; anything else written to file descriptor 1 (a C library's printf) goes to stderr.
protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8", line_buffering=True)

requests = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
sys.stdin = io.StringIO("")


INSTALLED = tuple(os.path.realpath(p) + os.sep for p in
                  {*site.getsitepackages(), *sysconfig.get_paths().values()} if p)


def installed(file):
    """Whether FILE belongs to the Python installation (the standard library, torch, torchvision, ...); None for built-ins."""
    return file is None or os.path.realpath(file).startswith(INSTALLED)


def run(script, args, stdin):
    output, errors = io.StringIO(), io.StringIO()
    saved_argv, saved_path, saved_stdin = sys.argv, list(sys.path), sys.stdin
    before = set(sys.modules)
    sys.argv = [script] + list(args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    sys.stdin = io.StringIO(stdin or "")
    code = 0
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(errors):
            try:
                runpy.run_path(script, run_name="__main__")
            except SystemExit as e:
                if e.code is None:
                    code = 0
                elif isinstance(e.code, int):
                    code = e.code
                else:
                    print(e.code, file=sys.stderr)
                    code = 1
            except BaseException:  # as an uncaught exception in `python3 PATH`: the traceback, exit code 1
                traceback.print_exc()
                code = 1
    finally:
        sys.argv, sys.stdin = saved_argv, saved_stdin
        sys.path[:] = saved_path
        # Modules a script imported from outside the Python installation (torchvision_oracle from its own folder, an
        # exported model.py) are imported afresh by the next script, as in a new process.
        for name in set(sys.modules) - before:
            if not installed(getattr(sys.modules.get(name), "__file__", None)):
                del sys.modules[name]
        gc.collect()
    return code, output.getvalue() + errors.getvalue()


def main():
    versions = [getattr(sys.modules[m], "__version__", "?") for m in PRELOAD if "." not in m]
    protocol.write("ready " + " ".join(versions) + "\n")
    protocol.flush()
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        code, output = run(request["script"], request.get("args") or [], request.get("stdin"))
        protocol.write(json.dumps({"code": code, "output": output}) + "\n")
        protocol.flush()


if __name__ == "__main__":
    main()
