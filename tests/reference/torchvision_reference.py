#!/usr/bin/python3
"""Writes torchvision reference data for NetDsl's conformance tests.

For each model, <out_dir>/<name>.json holds the model name, the torchvision version, the number of
parameters (sum of p.numel() over model.parameters()) and the state dict's keys and shapes in
state-dict order, one entry per line:

    {"model": "resnet18", "torchvision": "0.14.1", "num_params": 11689512, "state_dict": [
      {"key": "conv1.weight", "shape": [64, 3, 7, 7]},
      ...
    ]}

Models are built with weights=None and their default arguments (1000 classes), on the CPU.

Usage (Debian 12: apt-get install python3-torch python3-torchvision):
    /usr/bin/python3 tests/reference/torchvision_reference.py [--out DIR] [MODEL ...]
DIR defaults to tests/reference/torchvision next to this script; MODEL defaults to DEFAULT_MODELS.
Any name torchvision.models.get_model / torchvision.models.<name> knows can be given (googlenet,
densenet121, efficientnet_b0, ...); extend DEFAULT_MODELS when an issue adds one to the suite.
"""

import argparse
import json
import os
import sys

import torch
import torchvision
import torchvision.models
import torchvision.models.segmentation

DEFAULT_MODELS = [
    "alexnet",
    "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "googlenet", "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
    "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
    "efficientnet_v2_s", "efficientnet_v2_m", "efficientnet_v2_l",
    "mobilenet_v3_large", "mobilenet_v3_small", "fcn_resnet50", "deeplabv3_resnet50",
    "inception_v3", "resnext101_32x8d", "resnext101_64x4d", "wide_resnet101_2",
    "squeezenet1_0", "squeezenet1_1",
    "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
    "fcn_resnet101", "deeplabv3_resnet101",
    "mnasnet0_5", "mnasnet0_75", "mnasnet1_0", "mnasnet1_3",
    "convnext_tiny", "convnext_small", "convnext_base", "convnext_large", "deeplabv3_mobilenet_v3_large",
    "lraspp_mobilenet_v3_large",
    "regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf", "regnet_x_16gf", "regnet_x_32gf",
    "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf", "regnet_y_3_2gf", "regnet_y_8gf", "regnet_y_16gf", "regnet_y_32gf", "regnet_y_128gf",
]

# Constructor arguments beyond weights=None. They must not change the architecture: the reference is
# the model torchvision builds by default. (googlenet/inception_v3 warn unless init_weights is given.)
EXTRA_KWARGS = {
    "googlenet": {"init_weights": True},
    "inception_v3": {"init_weights": True},
    # The segmentation builders otherwise fetch ImageNet backbone weights; the architecture is the same.
    "fcn_resnet50": {"weights_backbone": None},
    "deeplabv3_resnet50": {"weights_backbone": None},
    "fcn_resnet101": {"weights_backbone": None},
    "deeplabv3_resnet101": {"weights_backbone": None},
    "deeplabv3_mobilenet_v3_large": {"weights_backbone": None},
    "lraspp_mobilenet_v3_large": {"weights_backbone": None},
}

# Models whose published weights' num_params metadata describes a different module than the default
# construction, with the reason; for every other model a mismatch with that metadata is an error.
PUBLISHED_DIFFERS = {
    "googlenet": "published weights drop the auxiliary heads (aux_logits=False); weights=None keeps them",
    "fcn_resnet50": "published weights include the auxiliary FCN head on layer3 (aux_loss=True); weights=None builds it without",
    "deeplabv3_resnet50": "published weights include the auxiliary FCN head on layer3 (aux_loss=True); weights=None builds it without",
    "fcn_resnet101": "published weights include the auxiliary FCN head on layer3 (aux_loss=True); weights=None builds it without",
    "deeplabv3_resnet101": "published weights include the auxiliary FCN head on layer3 (aux_loss=True); weights=None builds it without",
    "deeplabv3_mobilenet_v3_large": "published weights include the auxiliary FCN head (aux_loss=True); weights=None builds it without",
}


def torchvision_version():
    # Debian's build reports e.g. "0.14.1a0"; keep the release number.
    version = torchvision.__version__.split("+")[0]
    for suffix in ("a0", "a", "b0", "rc0"):
        if version.endswith(suffix):
            version = version[: -len(suffix)]
            break
    return version


def build(name):
    kwargs = dict(EXTRA_KWARGS.get(name, {}))
    constructor = getattr(torchvision.models, name, None) or getattr(torchvision.models.segmentation, name, None)
    if constructor is None or not callable(constructor):
        raise SystemExit(f"unknown torchvision model: {name}")
    return constructor(weights=None, **kwargs)


def published_num_params(name):
    """num_params from the metadata of torchvision's published weights for the model (no download)."""
    try:
        weights = torchvision.models.get_model_weights(name)
    except (ValueError, KeyError):
        return {}
    return {f"{weights.__name__}.{w.name}": w.meta["num_params"] for w in weights if "num_params" in w.meta}


def describe(name):
    model = build(name)
    state_dict = model.state_dict()
    num_params = sum(p.numel() for p in model.parameters())
    for weights, expected in published_num_params(name).items():
        if expected != num_params and name not in PUBLISHED_DIFFERS:
            raise SystemExit(f"{name}: {num_params:,} parameters but {weights} metadata says {expected:,}")
    return {
        "model": name,
        "torchvision": torchvision_version(),
        "num_params": num_params,
        "state_dict": [{"key": k, "shape": list(v.shape)} for k, v in state_dict.items()],
    }


def dumps(record):
    """Compact JSON with one state-dict entry per line (stable, diff-friendly)."""
    head = {k: v for k, v in record.items() if k != "state_dict"}
    text = json.dumps(head, separators=(", ", ": "))[:-1]
    entries = ",\n".join("  " + json.dumps(e, separators=(", ", ": ")) for e in record["state_dict"])
    return f'{text}, "state_dict": [\n{entries}\n]}}\n'


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "torchvision"), help="output directory")
    parser.add_argument("models", nargs="*", default=DEFAULT_MODELS, help="torchvision model names")
    args = parser.parse_args(argv)

    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        record = describe(name)
        text = dumps(record)
        assert json.loads(text) == record
        path = os.path.join(args.out, f"{name}.json")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        if name in PUBLISHED_DIFFERS:
            published = f"not compared with published weights: {PUBLISHED_DIFFERS[name]}"
        else:
            published = "= " + (", ".join(sorted(published_num_params(name))) or "no published weights")
        print(f"{name}: {record['num_params']:,} parameters ({published}), "
              f"{len(record['state_dict'])} state-dict entries -> {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
