#!/usr/bin/python3
"""PyTorch's 1-D modules as the oracle for NetDsl's CxL networks (safetensors in and out).

  oned_oracle.py forward --out DIR [--seed K]
      builds ResNet1d (below) with PyTorch's initialisation and randomised BatchNorm statistics, and writes
      DIR/weights.safetensors (its state dict), DIR/input.safetensors ("input" [2, 2, 64]) and DIR/output.safetensors
      ("output": its eval output).
  oned_oracle.py reverse --weights FILE --input FILE --output FILE
      loads NetDsl's weights into ResNet1d with strict=True and writes its eval output for the input.

ResNet1d is NetDsl.Conformance.Tests' OneDimensionalConformanceTests.ResNet1d written with torch.nn: Conv1d, BatchNorm1d,
max_pool1d, two stages of basic blocks (the second strided, with torchvision's 1x1 + BatchNorm downsample),
adaptive_avg_pool1d and Linear, under the same state-dict keys.

Debian 12: apt-get install python3-torch (torch 1.13).
"""

import argparse
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

# The safetensors reader and writer and the BatchNorm randomiser shared with the torchvision oracle (same folder).
from torchvision_oracle import randomize_batchnorm, read_safetensors, write_safetensors


class BasicBlock1d(nn.Module):
    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv1d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm1d(planes)
        self.conv2 = nn.Conv1d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm1d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv1d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm1d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet1d(nn.Module):
    def __init__(self, channels=2, classes=5):
        super().__init__()
        self.conv1 = nn.Conv1d(channels, 16, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm1d(16)
        self.layer1 = nn.Sequential(BasicBlock1d(16, 16), BasicBlock1d(16, 16))
        self.layer2 = nn.Sequential(BasicBlock1d(16, 32, 2), BasicBlock1d(32, 32))
        self.fc = nn.Linear(32, classes)

    def forward(self, x):
        x = F.max_pool1d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool1d(x, 1), 1))


def forward(args):
    torch.manual_seed(args.seed)
    model = ResNet1d()
    randomize_batchnorm(model, torch.Generator().manual_seed(args.seed + 1))
    model.eval()
    x = torch.randn(2, 2, 64, generator=torch.Generator().manual_seed(args.seed + 2))
    with torch.no_grad():
        y = model(x)
    os.makedirs(args.out, exist_ok=True)
    write_safetensors(os.path.join(args.out, "weights.safetensors"), list(model.state_dict().items()))
    write_safetensors(os.path.join(args.out, "input.safetensors"), [("input", x)])
    write_safetensors(os.path.join(args.out, "output.safetensors"), [("output", y)])
    print(f"ResNet1d: torch {torch.__version__}, input {list(x.shape)}, output {list(y.shape)}, max |output| {y.abs().max().item():.6g}")


def reverse(args):
    model = ResNet1d()
    state = read_safetensors(args.weights)
    model.load_state_dict(state, strict=True)
    model.eval()
    x = read_safetensors(args.input)["input"]
    with torch.no_grad():
        y = model(x)
    write_safetensors(args.output, [("output", y)])
    print(f"ResNet1d: loaded {len(state)} tensors strictly from {args.weights}; output {list(y.shape)}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    f = modes.add_parser("forward")
    f.add_argument("--out", required=True)
    f.add_argument("--seed", type=int, default=0)
    r = modes.add_parser("reverse")
    r.add_argument("--weights", required=True)
    r.add_argument("--input", required=True)
    r.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    forward(args) if args.mode == "forward" else reverse(args)


if __name__ == "__main__":
    main(sys.argv[1:])
