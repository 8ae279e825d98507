#!/usr/bin/python3
"""PyTorch .pth files for NetDsl's fine-tuning tests, written by Debian's torch 1.13 with torch.save.

  state-dict MODEL --out DIR [--seed K]
      torchvision.models.MODEL(weights=None) after torch.manual_seed(K), BatchNorm statistics randomised as in
      torchvision_oracle.py; writes DIR/MODEL.pth (torch.save(model.state_dict())) and the same tensors as
      DIR/MODEL.safetensors, the reference the .pth reader is compared with.

  odd --out DIR
      DIR/odd.pth: a checkpoint dict {"epoch": 3, "lr": 0.1, "name": "run", "state_dict": {...}} whose state dict
      holds a transposed (non-contiguous) tensor, two slices of one storage, float16, bfloat16, int64, uint8, bool,
      a 0-d and an empty tensor; DIR/odd.safetensors has the same tensors made contiguous.

  evil --out DIR --marker FILE
      DIR/evil.pth: torch.save of a dict holding an object whose __reduce__ calls os.system("touch FILE").
      A reader that executes pickled code creates FILE; NetDsl's must refuse the file and leave FILE absent.
"""

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchvision_oracle import build, randomize_batchnorm, write_safetensors  # noqa: E402


def state_dict(args):
    torch.manual_seed(args.seed)
    model = build(args.model)
    randomize_batchnorm(model, torch.Generator().manual_seed(args.seed + 1))
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, args.model)
    torch.save(model.state_dict(), stem + ".pth")
    write_safetensors(stem + ".safetensors", list(model.state_dict().items()))
    print(f"{args.model}: {len(model.state_dict())} tensors, torch {torch.__version__}")


def odd(args):
    g = torch.Generator().manual_seed(5)
    base = torch.randn(6, 4, generator=g)
    shared = torch.arange(10, dtype=torch.float32)
    tensors = {
        "transposed": base.t(),
        "slice.a": shared[2:5],
        "slice.b": shared[6:],
        "half": torch.randn(3, 2, generator=g).half(),
        "bf16": torch.randn(5, generator=g).bfloat16(),
        "long": torch.tensor([[1, -2], [3, 2**40]], dtype=torch.int64),
        "byte": torch.tensor([0, 7, 255], dtype=torch.uint8),
        "flag": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
    }
    os.makedirs(args.out, exist_ok=True)
    torch.save({"epoch": 3, "lr": 0.1, "name": "run", "state_dict": tensors}, os.path.join(args.out, "odd.pth"))
    write_safetensors(os.path.join(args.out, "odd.safetensors"), [(k, v.contiguous()) for k, v in tensors.items()])
    print(f"odd: {len(tensors)} tensors")


class Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def evil(args):
    os.makedirs(args.out, exist_ok=True)
    torch.save({"weight": torch.ones(2), "payload": Evil(args.marker)}, os.path.join(args.out, "evil.pth"))
    print("evil: written")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    s = modes.add_parser("state-dict")
    s.add_argument("model")
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=0)
    o = modes.add_parser("odd")
    o.add_argument("--out", required=True)
    e = modes.add_parser("evil")
    e.add_argument("--out", required=True)
    e.add_argument("--marker", required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    {"state-dict": state_dict, "odd": odd, "evil": evil}[args.mode](args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
