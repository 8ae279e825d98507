"""Checks NetDsl's PyTorch exports, one folder per line on stdin, one result line per folder on stdout.

A folder holds what `export MODEL --format pytorch` writes (model.py, weights.safetensors, train.py) plus the test's
input.safetensors (tensor "input") and output.safetensors (tensor "output": NetDsl's eval output). For each folder:
model.py's create() loads the weights with strict=True, runs the input in eval mode and compares with NetDsl's output.
Replies "ok NAME MAX_ERROR SCALE" or "fail NAME REASON". The safetensors reader is train.py's own (plain Python).

A folder with training.json ({"heads": [[name, weight], ...]}, NetDsl's ForwardTraining's auxiliary heads in order) and
training.safetensors ("main" and "aux.NAME": ForwardTraining's outputs in eval mode, for the same input) also checks
model.py's forward_training: the same heads, names and weights, and outputs within 1e-5 x max(1, max |reference|); the
reply then ends with "training MAX_ERROR SCALE" (the worst head or main output relative to its scale).
"""
import importlib
import json
import os
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
        if not os.path.exists(folder + "/training.json"):
            return f"{verdict} {model.NAME} {error:.3g} {scale:.3g}"
        training = check_training(folder, train, net, x)
        return f"{'fail' if training.startswith('training fail') else verdict} {model.NAME} {error:.3g} {scale:.3g} {training}"
    except Exception as e:  # reported to the test, which names the model
        return "fail " + folder + " " + repr(e).replace("\n", " ") + " " + traceback.format_exc().replace("\n", " | ")
    finally:
        sys.path.remove(folder)


def check_training(folder, train, net, x):
    """model.py's forward_training against NetDsl's ForwardTraining (both in eval mode): "training ERROR SCALE" or "training fail ..."."""
    with open(folder + "/training.json") as f:
        heads = [(name, float(weight)) for name, weight in json.load(f)["heads"]]
    expected = train.load_safetensors(folder + "/training.safetensors")
    if not hasattr(net, "forward_training"):
        return "training fail: model.py has no forward_training"
    with torch.no_grad():
        main, auxiliary = net.forward_training(x)
    got = [(name, float(weight)) for name, _, weight in auxiliary]
    if got != heads:
        return f"training fail: heads {got}, NetDsl's {heads}"
    worst = (0.0, 1.0)
    for label, actual in [("main", main)] + [("aux." + name, output) for name, output, _ in auxiliary]:
        reference = expected[label]
        if actual.shape != reference.shape:
            return f"training fail: {label} shape {list(actual.shape)}, NetDsl's {list(reference.shape)}"
        error, scale = (actual - reference).abs().max().item(), max(1.0, reference.abs().max().item())
        if error / scale >= worst[0] / worst[1]:
            worst = (error, scale)
    verdict = "training" if worst[0] <= 1e-5 * worst[1] else "training fail"
    return f"{verdict} {worst[0]:.3g} {worst[1]:.3g} heads " + ",".join(f"{n}:{w:g}" for n, w in heads)


for line in sys.stdin:
    print(check(line.strip()), flush=True)
