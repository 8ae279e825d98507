#!/usr/bin/python3
"""torchvision 0.14 as the numerical oracle for NetDsl's conformance tests (safetensors in and out).

Two modes:

  forward MODEL --out DIR [--batch N] [--size S] [--seed K] [--kwargs JSON]
      Builds torchvision.models.MODEL(weights=None) (segmentation models: torchvision.models.segmentation.MODEL
      (weights=None, weights_backbone=None), no auxiliary head) after torch.manual_seed(K), gives every BatchNorm
      random affine parameters and running statistics (seeded; a fresh BatchNorm is the identity in
      eval mode, which would hide a norm wired in the wrong place; weights in [0.25, 0.75) keep deep
      ResNets' outputs in range) and every layer_scale (ConvNeXt) values in [0.25, 0.75), switches to eval mode and writes
        DIR/MODEL.weights.safetensors  the state dict (keys in state-dict order)
        DIR/MODEL.input.safetensors    tensor "input", N x 3 x S x S float32, seeded normal
        DIR/MODEL.output.safetensors   tensor "output", torchvision's eval output under no_grad (for the
                                       segmentation models, whose forward returns a dict, its "out")
      S is the model's input side: each model gets the size its test asks for (64 by default).

  reverse MODEL --weights W --input X --output Y [--kwargs JSON]
      Builds torchvision's MODEL, loads W with load_state_dict(strict=True) (a missing, unexpected or
      mis-shaped key is an error), runs tensor "input" of X in eval mode under no_grad and writes
      tensor "output" to Y.

--kwargs adds constructor arguments (a JSON object, over the defaults below): '{"transform_input": true,
"init_weights": false}' builds inception_v3 as torchvision's ImageNet weights use it.

safetensors is read and written here with struct + json (no safetensors package): a little-endian
u64 header length, the JSON header, then the data buffer. Exit code 0 on success; errors go to stderr.

Debian 12: apt-get install python3-torch python3-torchvision (torch 1.13, torchvision 0.14.1).
"""

import argparse
import json
import os
import struct
import sys

import torch
import torchvision
import torchvision.models
import torchvision.models.segmentation

DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}
BY_NAME = {name: dtype for dtype, name in DTYPES.items()}

# Constructor arguments beyond weights=None that leave the architecture as torchvision builds it.
EXTRA_KWARGS = {
    "googlenet": {"init_weights": True},
    "inception_v3": {"init_weights": True},
    # The segmentation builders would otherwise fetch ImageNet backbone weights; the architecture is the same
    # (and, with weights=None, aux_loss stays off: no auxiliary FCN head).
    "fcn_resnet50": {"weights_backbone": None},
    "deeplabv3_resnet50": {"weights_backbone": None},
    "fcn_resnet101": {"weights_backbone": None},
    "deeplabv3_resnet101": {"weights_backbone": None},
    "deeplabv3_mobilenet_v3_large": {"weights_backbone": None},
    "lraspp_mobilenet_v3_large": {"weights_backbone": None},
}


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, tensor); written contiguous, in order, header padded to 8 bytes.
    metadata: optional dict str -> str, stored as the header's "__metadata__"."""
    header, chunks, offset = ({"__metadata__": metadata} if metadata else {}), [], 0
    for name, tensor in tensors:
        tensor = tensor.detach().cpu().contiguous()
        # Reinterpret as bytes (works for every dtype, bfloat16 included, without numpy).
        data = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)
    os.replace(tmp, path)


def read_safetensors(path):
    """Returns an ordered dict name -> tensor; checks sizes and bounds."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise SystemExit(f"{path}: too short for a safetensors file")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > len(blob) - 8:
        raise SystemExit(f"{path}: header length {n} runs past the end of the file")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    buffer = memoryview(blob)[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = BY_NAME[entry["dtype"]]
        begin, end = entry["data_offsets"]
        if not 0 <= begin <= end <= len(buffer):
            raise SystemExit(f"{path}: entry {name}: data_offsets out of range")
        shape = entry["shape"]
        numel = 1
        for d in shape:
            numel *= d
        itemsize = torch.tensor([], dtype=dtype).element_size()
        if numel * itemsize != end - begin:
            raise SystemExit(f"{path}: entry {name}: byte count does not match its shape")
        if numel == 0:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            raw = torch.frombuffer(bytearray(buffer[begin:end]), dtype=torch.uint8)
            tensors[name] = raw.view(dtype).reshape(shape).clone()
    return tensors


def build(name, kwargs=None):
    constructor = getattr(torchvision.models, name, None) or getattr(torchvision.models.segmentation, name, None)
    if constructor is None or not callable(constructor):
        raise SystemExit(f"unknown torchvision model: {name}")
    return constructor(weights=None, **{**EXTRA_KWARGS.get(name, {}), **(json.loads(kwargs) if kwargs else {})})


def run(model, x):
    """The eval output: the tensor itself, or "out" of the segmentation models' dict (aux is absent here)."""
    y = model(x)
    if isinstance(y, dict):
        y = y["out"]
    return y


def randomize_batchnorm(model, generator):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                c = module.num_features
                module.weight.copy_(torch.rand(c, generator=generator) * 0.5 + 0.25)
                module.bias.copy_(torch.randn(c, generator=generator) * 0.1)
                module.running_mean.copy_(torch.randn(c, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(c, generator=generator) + 0.5)
                module.num_batches_tracked.fill_(7)


def randomize_layer_scale(model, generator):
    """ConvNeXt's layer_scale starts at 1e-6, which would hide a wrong block body under the skip; [0.25, 0.75) shows it."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("layer_scale"):
                parameter.copy_(torch.rand(parameter.shape, generator=generator) * 0.5 + 0.25)


def forward(args):
    torch.manual_seed(args.seed)
    model = build(args.model, args.kwargs)
    randomize_batchnorm(model, torch.Generator().manual_seed(args.seed + 1))
    randomize_layer_scale(model, torch.Generator().manual_seed(args.seed + 3))
    model.eval()
    x = torch.randn(args.batch, 3, args.size, args.size, generator=torch.Generator().manual_seed(args.seed + 2))
    with torch.no_grad():
        y = run(model, x)
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, args.model)
    write_safetensors(stem + ".weights.safetensors", list(model.state_dict().items()))
    write_safetensors(stem + ".input.safetensors", [("input", x)])
    write_safetensors(stem + ".output.safetensors", [("output", y)])
    print(f"{args.model}: torchvision {torchvision.__version__}, input {list(x.shape)}, output {list(y.shape)}, "
          f"max |output| {y.abs().max().item():.6g}")


def reverse(args):
    model = build(args.model, args.kwargs)
    state = read_safetensors(args.weights)
    model.load_state_dict(state, strict=True)
    model.eval()
    x = read_safetensors(args.input)["input"]
    with torch.no_grad():
        y = run(model, x)
    write_safetensors(args.output, [("output", y)])
    print(f"{args.model}: loaded {len(state)} tensors strictly from {args.weights}; output {list(y.shape)}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    f = modes.add_parser("forward")
    f.add_argument("model")
    f.add_argument("--out", required=True)
    f.add_argument("--batch", type=int, default=2)
    f.add_argument("--size", type=int, default=64)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--kwargs", default=None)
    r = modes.add_parser("reverse")
    r.add_argument("model")
    r.add_argument("--weights", required=True)
    r.add_argument("--input", required=True)
    r.add_argument("--output", required=True)
    r.add_argument("--kwargs", default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    try:
        (forward if args.mode == "forward" else reverse)(args)
    except (RuntimeError, KeyError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
