#!/usr/bin/env python3
"""Trains the exported model (model.py next to this file) on an image folder, data-parallel under torchrun.

    python3 train.py --data FOLDER --epochs N --out DIR [--batch N] [--lr X] [--resume]
    torchrun --nproc_per_node 2 train.py --data FOLDER --epochs N --out DIR
    python3 -m torch.distributed.run --nproc_per_node 2 --redirects 1 --tee 1 train.py ...
        (the last form for Debian's torch 1.13 under Python 3.11, whose launcher fails on its default --redirects 0)

FOLDER holds train/ and test/: for classification a sub-folder of images per class (torchvision's ImageFolder),
for segmentation images/ and masks/ (a mask pixel is its class index) and classes.txt. NetDsl's
`data shapes --out FOLDER` writes such a folder. Each epoch writes DIR/checkpoint.pt (what --resume continues
from) and DIR/weights.safetensors, the state dict NetDsl reads back (`eval MODEL --weights FILE`). DDP runs on
gloo (CPU) or nccl (GPU, bf16 autocast). Images are prepared as NetDsl's folder data does: converted to the
model's channels, resized to its input, normalised with ImageNet's statistics. Needs torch and torchvision only.
"""
import argparse
import contextlib
import inspect
import json
import math
import os
import struct
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from PIL import Image
from torch.nn.parallel import DistributedDataParallel
from torchvision import datasets, transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as exported  # noqa: E402  (model.py, written next to this file by NetDsl's export)

# A segmentation mask's void pixels (255: Pascal VOC's object borders) belong to no class: loss and metrics leave them
# out, as NetDsl's trainer does. Elsewhere torch's default (-100), which no label holds.
VOID = 255 if exported.TASK == "segmentation" else -100

IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


# ---- safetensors in plain Python (JSON header + raw little-endian bytes), so no extra package is needed ----

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}


def save_safetensors(tensors, path, metadata=None):
    """Writes {name: tensor} as safetensors, atomically (a temporary file, then a rename)."""
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        tensor = tensor.detach().cpu().contiguous()
        # Reinterpreted as bytes; bfloat16 goes through int16, which numpy can hold.
        raw = (tensor.view(torch.int16) if tensor.dtype == torch.bfloat16 else tensor).numpy().tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)
    os.replace(temporary, path)


def load_safetensors(path):
    """Reads a safetensors file into {name: tensor}."""
    by_name = {v: k for k, v in DTYPES.items()}
    with open(path, "rb") as f:
        data = bytearray(f.read())
    (length,) = struct.unpack_from("<Q", data)
    header = json.loads(bytes(data[8:8 + length]))
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = by_name[entry["dtype"]]
        count = (end - begin) // torch.empty((), dtype=dtype).element_size()
        flat = torch.frombuffer(data, dtype=dtype, count=count, offset=8 + length + begin) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).clone()  # a copy of its own, aligned, not a view of the file buffer
    return tensors


# ---- data ----

def image_transform(train):
    channels, height, width = exported.INPUT
    steps = [transforms.Resize((height, width))]
    if train:
        # NetDsl's standard augmentation: a random crop with 1/8 padding and a horizontal flip.
        steps += [transforms.RandomCrop((height, width), padding=max(1, min(height, width) // 8)), transforms.RandomHorizontalFlip()]
    mean, std = (IMAGENET_MEAN, IMAGENET_STD) if channels == 3 else ([sum(IMAGENET_MEAN) / 3], [sum(IMAGENET_STD) / 3])
    return transforms.Compose(steps + [transforms.ToTensor(), transforms.Normalize(mean, std)])


def open_image(path):
    with Image.open(path) as image:
        return image.convert("L" if exported.INPUT[0] == 1 else "RGB")


class MaskFolder(torch.utils.data.Dataset):
    """images/ and masks/ with matching file names; a mask pixel's value is its class."""

    def __init__(self, root, train):
        self.images = sorted(os.listdir(os.path.join(root, "images")))
        self.root, self.train = root, train
        self.normalize = image_transform(False)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        name = self.images[index]
        stem = os.path.splitext(name)[0]
        image = open_image(os.path.join(self.root, "images", name))
        with Image.open(os.path.join(self.root, "masks", stem + ".png")) as m:
            # A palette mask's index is its class (Pascal VOC's), as NetDsl reads it; other masks are gray levels.
            mask = torch.as_tensor(list((m if m.mode == "P" else m.convert("L")).getdata()), dtype=torch.int64).reshape(m.height, m.width)
        _, height, width = exported.INPUT
        if (image.height, image.width) != (height, width):
            mask = F.interpolate(mask[None, None].float(), size=(height, width), mode="nearest")[0, 0].long()
        pixels = self.normalize(image)
        if self.train and torch.rand(()) < 0.5:
            pixels, mask = pixels.flip(-1), mask.flip(-1)
        return pixels, mask


def TrainClassesFolder(classes):
    """ImageFolder labelled by the train split's classes, as NetDsl labels test/: a test folder may lack a class (its own
    ImageFolder would number the rest from 0, shifting every label) but not name one train/ lacks."""

    class Folder(datasets.ImageFolder):
        def find_classes(self, directory):
            extra = sorted(set(e.name for e in os.scandir(directory) if e.is_dir() and not e.name.startswith(".")) - set(classes))
            if extra:
                raise SystemExit(f"{os.path.join(directory, extra[0])}: class folder '{extra[0]}' is not among the train classes ({', '.join(classes)})")
            return list(classes), {name: index for index, name in enumerate(classes)}

        @staticmethod
        def make_dataset(directory, class_to_idx, *args, **kwargs):
            present = {name: index for name, index in class_to_idx.items() if os.path.isdir(os.path.join(directory, name))}
            return datasets.folder.make_dataset(directory, present, *args, **kwargs)

    return Folder


def open_data(folder):
    segmentation = exported.TASK == "segmentation"
    if segmentation:
        with open(os.path.join(folder, "classes.txt")) as f:
            classes = [line.strip() for line in f if line.strip()]
        train, test = MaskFolder(os.path.join(folder, "train"), True), MaskFolder(os.path.join(folder, "test"), False)
    else:
        train = datasets.ImageFolder(os.path.join(folder, "train"), image_transform(True), loader=open_image)
        classes = train.classes
        test = TrainClassesFolder(classes)(os.path.join(folder, "test"), image_transform(False), loader=open_image)
    return train, test, classes


# ---- training ----

def create_model(classes):
    """The exported model with its own head when that has room for the data's classes (so NetDsl reads the weights back
    as its catalogue model: `eval MODEL --weights`), else with a head for exactly `classes`. Returns it and its head size."""
    parameter = inspect.signature(exported.create).parameters.get("classes")
    if parameter is None:
        return exported.create(), classes
    head = parameter.default if parameter.default is not inspect.Parameter.empty and parameter.default >= classes else classes
    return exported.create(classes=head), head


class TrainingForward(torch.nn.Module):
    """model.py's forward_training as a module's forward: DDP syncs the gradients of what its own forward ran, so it wraps
    this (every auxiliary head's parameters then get gradient). Returns the main output and the heads' outputs; the heads'
    names and loss weights (constants of model.py) are read once by heads()."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.weights = None

    def forward(self, x):
        main, auxiliary = self.net.forward_training(x)
        if self.weights is None:
            self.weights = [(name, float(weight)) for name, _, weight in auxiliary]
        return main, [output for _, output, _ in auxiliary]

    def heads(self):
        """[(name, weight)] of the built heads, from one forward_training of a zero batch in eval mode."""
        if self.weights is None:
            was_training = self.net.training
            self.net.eval()
            with torch.no_grad():
                self.forward(torch.zeros((1,) + tuple(exported.INPUT), device=next(self.net.parameters()).device))
            self.net.train(was_training)
        return self.weights


def evaluate(net, test, device, batch, rank, world, classes):
    """Exact metrics over the whole test split: each process scores its own slice, the counts are summed.
    `classes` is the head's size (at least the data's): a prediction outside the data's classes counts as wrong."""
    indices = list(range(rank, len(test), world))
    loader = torch.utils.data.DataLoader(torch.utils.data.Subset(test, indices), batch_size=batch, num_workers=0)
    confusion = torch.zeros(classes, classes, dtype=torch.float64, device=device)
    loss_sum = torch.zeros((), dtype=torch.float64, device=device)
    net.eval()
    with torch.no_grad():
        for images, targets in loader:
            images, targets = images.to(device), targets.to(device)
            logits = net(images).float()
            loss_sum += F.cross_entropy(logits, targets, reduction="sum", ignore_index=VOID).double() / (targets[0].numel())
            predicted = logits.argmax(1)
            kept = targets != VOID  # a mask's void pixels count in no class
            confusion += torch.bincount((targets * classes + predicted)[kept], minlength=classes * classes).reshape(classes, classes).double()
    if world > 1:
        dist.all_reduce(confusion)
        dist.all_reduce(loss_sum)
    samples = len(test)
    accuracy = (confusion.diag().sum() / confusion.sum()).item()
    if exported.TASK != "segmentation":
        return loss_sum.item() / samples, "accuracy", accuracy
    union = confusion.sum(0) + confusion.sum(1) - confusion.diag()
    present = union > 0  # classes in the masks or the predictions, as NetDsl's mIoU counts them
    miou = (confusion.diag()[present] / union[present]).mean().item()
    return loss_sum.item() / samples, "mIoU", miou


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="image folder with train/ and test/")
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--out", required=True, help="folder for checkpoint.pt and weights.safetensors")
    parser.add_argument("--batch", type=int, default=32, help="global batch size, split across processes")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--weights", help="safetensors to start from (e.g. the exported weights.safetensors); strict")
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="data loader processes per training process")
    args = parser.parse_args()
    if exported.TASK not in ("classification", "segmentation"):
        parser.error(f"{exported.NAME} is a {exported.TASK} model; train.py trains classification and segmentation models")

    distributed = "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    log = print if rank == 0 else (lambda *a, **k: None)

    train, test, class_names = open_data(args.data)
    classes = len(class_names)
    torch.manual_seed(args.seed)
    net, head = create_model(classes)
    net = net.to(device)
    if args.weights:
        net.load_state_dict(load_safetensors(args.weights), strict=True)
    # Auxiliary heads ([Aux]): forward (evaluation) skips them, as NetDsl's does; training runs model.py's forward_training
    # (NetDsl's ForwardTraining) and adds each head's weighted loss, as NetDsl's trainer does.
    training = TrainingForward(net) if hasattr(net, "forward_training") else net
    if training is not net:
        heads = training.heads()
        log("auxiliary heads: " + (", ".join(f"{name} (weight {weight:g})" for name, weight in heads) or "none built")
            + (": training loss = main loss + sum of weight * head loss" if heads else ""))
    ddp = DistributedDataParallel(training, device_ids=[local_rank] if cuda else None) if distributed else training

    per_process = max(1, args.batch // world)
    sampler = torch.utils.data.distributed.DistributedSampler(train, world, rank, shuffle=True, seed=args.seed) if distributed else None
    loader = torch.utils.data.DataLoader(train, batch_size=per_process, sampler=sampler, shuffle=sampler is None,
                                         num_workers=args.workers, drop_last=True, persistent_workers=args.workers > 0)
    optimizer = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    steps = max(1, args.epochs * len(loader))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * min(step, steps) / steps)))

    os.makedirs(args.out, exist_ok=True)
    checkpoint_path = os.path.join(args.out, "checkpoint.pt")
    start = 0
    if args.resume and os.path.exists(checkpoint_path):
        state = torch.load(checkpoint_path, map_location=device)
        net.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        start = state["epoch"]
        log(f"resumed from {checkpoint_path} after epoch {start}")
    log(f"model: {exported.NAME}  input: {'x'.join(map(str, exported.INPUT))}  classes: {classes} (head {head})  "
        f"processes: {world} ({'nccl, bf16 autocast' if cuda and distributed else 'cuda, bf16 autocast' if cuda else 'gloo' if distributed else 'cpu'})  "
        f"train: {len(train)}  test: {len(test)}")

    metric_name, metric = "accuracy", float("nan")
    for epoch in range(start, args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        ddp.train()
        began, seen, loss_sum, aux_sum = time.time(), 0, torch.zeros((), device=device), torch.zeros((), device=device)
        for images, targets in loader:
            images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
            with torch.autocast("cuda", dtype=torch.bfloat16) if cuda else contextlib.nullcontext():
                if training is net:
                    loss = F.cross_entropy(ddp(images).float(), targets, ignore_index=VOID)
                else:
                    # NetDsl's trainer: the main loss plus each auxiliary head's loss (the same loss) times its weight.
                    main, outputs = ddp(images)
                    loss = F.cross_entropy(main.float(), targets, ignore_index=VOID)
                    for (_, weight), output in zip(training.weights, outputs):
                        aux = weight * F.cross_entropy(output.float(), targets, ignore_index=VOID)
                        aux_sum += aux.detach()
                        loss = loss + aux
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            loss_sum += loss.detach()
            seen += images.shape[0]
        if distributed:
            dist.all_reduce(loss_sum)
            dist.all_reduce(aux_sum)
            loss_sum /= world
            aux_sum /= world
        elapsed = time.time() - began
        test_loss, metric_name, metric = evaluate(net, test, device, per_process, rank, world, head)
        if rank == 0:
            torch.save({"model": net.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(),
                        "epoch": epoch + 1}, checkpoint_path + ".tmp")
            os.replace(checkpoint_path + ".tmp", checkpoint_path)
            save_safetensors(net.state_dict(), os.path.join(args.out, "weights.safetensors"),
                             {"format": "pt", "netdsl.model": exported.NAME, "netdsl.input": "x".join(map(str, exported.INPUT))})
        auxiliary = f" (weighted aux {aux_sum.item() / max(1, len(loader)):.4f})" if training is not net else ""
        log(f"epoch {epoch + 1}/{args.epochs}  loss {loss_sum.item() / max(1, len(loader)):.4f}{auxiliary}  test loss {test_loss:.4f}  "
            f"test {metric_name} {metric:.4f}  {seen * world / elapsed:.1f} images/s  {elapsed:.1f}s", flush=True)
    log(f"test {metric_name}: {metric:.4f}")
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
