"""Debian's ONNX checker on one exported file: `onnx_check.py MODEL.onnx OPSET` prints "ok" or fails with the checker's error.

Run by tests/NetDsl.Zoo.Tests/OnnxCheckerTests.cs in one long-lived interpreter (tests/reference/conformance/oracle_server.py
started with `onnx`), as `/usr/bin/python3 onnx_check.py MODEL.onnx OPSET` would run it.
"""
import sys, onnx
from onnx import checker
model = onnx.load(sys.argv[1])
if int(sys.argv[2]) <= 17:
    checker.check_model(model, full_check=True)
else:
    # ONNX 1.12 has no opset-19 schemas: every other node is checked against opset 17's, and the graph's wiring by name.
    ctx = checker.C.CheckerContext()
    ctx.ir_version = 8
    ctx.opset_imports = {'': 17}
    names = {i.name for i in model.graph.initializer} | {i.name for i in model.graph.input}
    for n in model.graph.node:
        if n.op_type != 'DeformConv':
            checker.check_node(n, ctx)
        for i in n.input:
            assert i == '' or i in names, (n.name, i)
        names.update(n.output)
    assert model.graph.output[0].name in names
    for t in model.graph.initializer:
        checker.check_tensor(t, ctx)
print('ok')
