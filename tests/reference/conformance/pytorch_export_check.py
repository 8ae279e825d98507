"""Checks NetDsl's PyTorch exports, one folder per line on stdin, one result line per folder on stdout.

A folder holds what `export MODEL --format pytorch` writes (model.py, weights.safetensors, train.py) plus the test's
input.safetensors (tensor "input") and output.safetensors (tensor "output": NetDsl's eval output). For each folder:
model.py's create() loads the weights with strict=True, runs the input in eval mode and compares with NetDsl's output.
Replies "ok NAME MAX_ERROR SCALE" or "fail NAME REASON". The safetensors reader is train.py's own (plain Python).
"""
import importlib
import sys
import traceback

import torch

torch.set_num_threads(2)

# Every parameter is overwritten by the strict load, so the layers' random initialisation is skipped (it is most of
# create()'s time for VGG's 138M parameters). Buffers keep their constructors' values until the load replaces them.
for layer in (torch.nn.Conv2d, torch.nn.ConvTranspose2d, torch.nn.Linear, torch.nn.BatchNorm1d, torch.nn.BatchNorm2d):
    layer.reset_parameters = lambda self: None


def check(folder):
    for name in ("model", "train"):
        sys.modules.pop(name, None)
    sys.path.insert(0, folder)
    try:
        train = importlib.import_module("train")
        model = train.exported
        net = model.create()
        missing = net.load_state_dict(train.load_safetensors(folder + "/weights.safetensors"), strict=True)
        net.eval()
        x = train.load_safetensors(folder + "/input.safetensors")["input"]
        expected = train.load_safetensors(folder + "/output.safetensors")["output"]
        with torch.no_grad():
            actual = net(x)
        if actual.shape != expected.shape:
            return f"fail {model.NAME} output shape {list(actual.shape)}, NetDsl's {list(expected.shape)}"
        error = (actual - expected).abs().max().item()
        scale = max(1.0, expected.abs().max().item())
        verdict = "ok" if error <= 1e-4 * scale else "fail"
        return f"{verdict} {model.NAME} {error:.3g} {scale:.3g}"
    except Exception as e:  # reported to the test, which names the model
        return "fail " + folder + " " + repr(e).replace("\n", " ") + " " + traceback.format_exc().replace("\n", " | ")
    finally:
        sys.path.remove(folder)


for line in sys.stdin:
    print(check(line.strip()), flush=True)
