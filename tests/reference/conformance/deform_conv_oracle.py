#!/usr/bin/python3
"""torchvision.ops.deform_conv2d as the oracle for NetDsl's DeformableConv2d.Apply (safetensors out).

  deform_conv_oracle.py --out FILE [--seed K]

For every configuration in CONFIGS writes, under the prefix NAME. (seeded):
  input [N, Cin, H, W], weight [Cout, Cin / groups, k, k], bias [Cout],
  offset [N, 2 * G * k * k, Hout, Wout]  fractional, about a tenth far outside the image (G offset groups),
  mask [N, G * k * k, Hout, Wout]        uniform in [0, 1),
  output         deform_conv2d(input, offset, weight, bias, stride, padding, dilation)  (v1)
  output_masked  the same with mask=mask                                                (v2)
  grad_{input,offset,mask,weight,bias}   gradients of sum(output_masked * probe), probe a seeded
                                         normal tensor also written as "probe"
and the file's __metadata__ maps NAME to a JSON object {"stride", "padding", "dilation", "groups"}.
All tensors are float32. safetensors is written with struct + json (no safetensors package).

Debian 12: apt-get install python3-torch python3-torchvision (torch 1.13, torchvision 0.14.1).
"""

import argparse
import json
import os
import sys

import torch
import torchvision
from torchvision.ops import deform_conv2d

# The safetensors writer shared with the torchvision oracle (same folder, so on sys.path).
from torchvision_oracle import write_safetensors

# name: (N, Cin, H, W, Cout, kernel, stride, padding, dilation, groups, offset groups)
CONFIGS = {
    "plain3x3": (2, 6, 11, 11, 8, 3, 1, 1, 1, 1, 1),
    "strided": (2, 8, 13, 10, 6, 3, 2, 2, 2, 2, 1),
    "nopad": (1, 4, 9, 12, 5, 3, 1, 0, 1, 1, 1),
    "offsetgroups": (2, 4, 8, 7, 6, 2, 1, 1, 1, 1, 2),
}


def offsets(shape, g):
    """Uniform in (-3, 3); about a tenth pushed to +-(5..8), wholly outside small images."""
    small = torch.rand(shape, generator=g) * 6 - 3
    sign = (torch.rand(shape, generator=g) < 0.5).float() * 2 - 1
    far = (torch.rand(shape, generator=g) * 3 + 5) * sign
    return torch.where(torch.rand(shape, generator=g) < 0.1, far, small)


def configuration(name, spec, g):
    n, cin, h, w, cout, k, stride, padding, dilation, groups, og = spec
    hout = (h + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    wout = (w + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    x = torch.randn(n, cin, h, w, generator=g)
    weight = torch.randn(cout, cin // groups, k, k, generator=g) * 0.3
    bias = torch.randn(cout, generator=g)
    offset = offsets((n, 2 * og * k * k, hout, wout), g)
    mask = torch.rand(n, og * k * k, hout, wout, generator=g)
    probe = torch.randn(n, cout, hout, wout, generator=g)
    s, p, d = (stride, stride), (padding, padding), (dilation, dilation)
    with torch.no_grad():
        y = deform_conv2d(x, offset, weight, bias, stride=s, padding=p, dilation=d)
    leaves = [t.clone().requires_grad_() for t in (x, offset, mask, weight, bias)]
    xg, og_, mg, wg, bg = leaves
    ym = deform_conv2d(xg, og_, wg, bg, stride=s, padding=p, dilation=d, mask=mg)
    (ym * probe).sum().backward()
    tensors = [("input", x), ("weight", weight), ("bias", bias), ("offset", offset), ("mask", mask), ("probe", probe),
               ("output", y), ("output_masked", ym.detach())]
    tensors += [("grad_" + label, leaf.grad) for label, leaf in zip(("input", "offset", "mask", "weight", "bias"), leaves)]
    meta = json.dumps({"stride": stride, "padding": padding, "dilation": dilation, "groups": groups})
    print(f"{name}: input {list(x.shape)}, offset {list(offset.shape)}, output {list(y.shape)}, "
          f"max |output| {y.abs().max().item():.4g}, max |output_masked| {ym.abs().max().item():.4g}")
    return [(name + "." + label, t) for label, t in tensors], meta


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    g = torch.Generator().manual_seed(args.seed)
    tensors, metadata = [], {}
    try:
        for name, spec in CONFIGS.items():
            entries, meta = configuration(name, spec, g)
            tensors += entries
            metadata[name] = meta
    except (RuntimeError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    write_safetensors(args.out, [(name, t.to(torch.float32)) for name, t in tensors], metadata)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}: {len(tensors)} tensors in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
