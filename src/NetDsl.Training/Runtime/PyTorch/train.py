#!/usr/bin/env python3
"""Trains the exported model (model.py next to this file) on an image folder, data-parallel under torchrun.

    python3 train.py --data FOLDER --out DIR [--epochs N] [--batch N] [--lr X] [--optimizer sgd|adamw|lamb] [--resume]
    torchrun --nproc_per_node 2 train.py --data FOLDER --out DIR
    python3 -m torch.distributed.run --nproc_per_node 2 --redirects 1 --tee 1 train.py ...
        (the last form for Debian's torch 1.13 under Python 3.11, whose launcher fails on its default --redirects 0)

FOLDER holds train/ and test/: for classification a sub-folder of images per class (torchvision's ImageFolder),
for segmentation images/ and masks/ (a mask pixel is its class index) and classes.txt. NetDsl's
`data shapes --out FOLDER` writes such a folder. Without train/ and test/ the class folders (or images/ and masks/) sit
in FOLDER and are split as NetDsl splits them, file by file by a hash of each path relative to FOLDER (split_files). Each epoch writes DIR/checkpoint.pt (what --resume continues
from) and DIR/weights.safetensors, the state dict NetDsl reads back (`eval MODEL --weights FILE`). DDP runs on
gloo (CPU) or nccl (GPU, bf16 autocast). Images are prepared as NetDsl's folder data does: converted to the
model's channels (stb_image's gray), scaled to [0, 1], resized as floats to its input (antialiased bilinear), normalised with ImageNet's statistics (or, from --weights that record theirs,
netdsl.normalize, with those: --data-stats keeps ImageNet's). Needs torch and torchvision only.

--weights FILE starts from a safetensors file (the exported weights.safetensors, a RUN/weights.safetensors) or a torch.save
state dict (.pth/.pt: a dict of tensors, or one under 'state_dict' or 'model'). Weights that name their classes
(netdsl.class_names, as NetDsl's exports and this script write) have their head rows matched to the data's classes by name,
as NetDsl's `train --weights` and `eval` match them: the same classes in another order (ImageFolder's alphabetical order
against the order NetDsl trained in) are permuted, a data class the weights do not name keeps a fresh row, a class of
theirs the data lacks is dropped; one line says which. Weights naming no class, or none of the data's, load by index.

Every training option defaults to model.py's RECIPE, the model card as NetDsl's trainer resolves it: optimizer (SGD with
momentum/Nesterov, AdamW, or LAMB as NetDsl's), peak rate, weight decay (never on norms and biases unless --decay-all),
schedule (cosine, step or one-cycle, per step, after a linear warm-up), label smoothing (main loss and auxiliary heads
alike), Mixup and CutMix (classifiers: one of the two per batch when both are on, the soft targets on every head), batch, epochs, precise BatchNorm and learning-rate scales by parameter prefix; a flag overrides one value, and
--optimizer naming another optimizer than the card's drops the card's rate, momentum, Nesterov and weight decay for
that optimizer's own, as NetDsl's trainer does. The first line printed says each value and where it came from.
"""
import argparse
import contextlib
import functools
import inspect
import json
import math
import os
import random
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


def safetensors_metadata(path):
    """A safetensors file's __metadata__ ({} when it has none or the file is missing)."""
    try:
        with open(path, "rb") as f:
            (length,) = struct.unpack("<Q", f.read(8))
            return dict(json.loads(f.read(length)).get("__metadata__") or {})
    except (OSError, ValueError, struct.error):
        return {}


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


def is_safetensors(path):
    """Whether the file starts as safetensors does: a little-endian header length, then a JSON object."""
    with open(path, "rb") as f:
        head = f.read(9)
    return len(head) == 9 and head[8:9] == b"{" and struct.unpack_from("<Q", head)[0] < os.path.getsize(path)


def load_weights(path):
    """A state dict from safetensors or a torch.save file (a dict of tensors, or one under 'state_dict' / 'model', as
    checkpoints keep it; DataParallel's 'module.' prefix dropped). Raises ValueError saying what the file is not."""
    if is_safetensors(path):
        return load_safetensors(path)
    try:
        state = torch.load(path, map_location="cpu")
    except Exception as e:  # a pickle torch cannot read, or no torch file at all
        raise ValueError(f"{path}: neither a safetensors file nor a torch.save state dict ({type(e).__name__}: {e})") from None
    if isinstance(state, dict):
        for key in ("state_dict", "model"):
            if isinstance(state.get(key), dict):
                state = state[key]
                break
    if not isinstance(state, dict) or not state or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ValueError(f"{path}: holds a {type(state).__name__}, not a state dict of tensors; save model.state_dict() "
                         "(torch.save(model.state_dict(), path)) or a safetensors file")
    if all(k.startswith("module.") for k in state):
        state = {k[len("module."):]: v for k, v in state.items()}
    return dict(state)


# ---- class order (NetDsl's ClassHead: one rule for eval, train --weights and this script) ----

def class_rows(weight_classes, data_classes):
    """For each data class (in the data's order) the weights' output that predicts it, or -1 where they name no such class;
    None when either side names nothing, a side repeats a name or no name is shared. Names compare case-insensitively."""
    if not weight_classes or not data_classes:
        return None
    index = {}
    for i, name in enumerate(weight_classes):
        if name.upper() in index:
            return None
        index[name.upper()] = i
    rows = []
    for name in data_classes:
        row = index.get(name.upper(), -1)
        if row >= 0 and row in rows:
            return None
        rows.append(row)
    return None if all(r < 0 for r in rows) else rows


def head_dims(head):
    """{state-dict key: class dimension} of the tensors whose shape follows the class count (the main and auxiliary heads),
    found by building the model with one class more; {} for a model.py without a classes parameter."""
    if "classes" not in inspect.signature(exported.create).parameters:
        return {}
    with torch.random.fork_rng(devices=[]):  # the run's own random stream stays as without --weights
        a, b = exported.create(classes=head).state_dict(), exported.create(classes=head + 1).state_dict()
    dims = {}
    for key, tensor in a.items():
        differ = [d for d in range(tensor.dim()) if tensor.shape[d] != b[key].shape[d]]
        if len(differ) == 1:
            dims[key] = differ[0]
    return dims


def align_head(state, net, head, rows):
    """state with the head rows put in the data's order (model class j takes the weights' row rows[j]; a fresh row where that
    is -1), in the model's head shape; None when a head tensor differs from the model's in more than its class dimension."""
    fresh, state = net.state_dict(), dict(state)
    for key, dim in head_dims(head).items():
        if key not in state or key not in fresh:
            continue
        source, into = state[key], fresh[key]
        if source.dim() != into.dim() or any(source.shape[d] != into.shape[d] for d in range(into.dim()) if d != dim):
            return None
        aligned = into.detach().clone().to(source.dtype)
        for j in range(min(len(rows), into.shape[dim])):
            if 0 <= rows[j] < source.shape[dim]:
                aligned.select(dim, j).copy_(source.select(dim, rows[j]))
        state[key] = aligned
    return state


def describe_rows(weight_classes, data_classes, rows):
    """One line, as NetDsl's ClassHead.Describe says it."""
    def names(items):
        return ", ".join(items[:8]) + (", …" if len(items) > 8 else "")
    fresh = [c for c, r in zip(data_classes, rows) if r < 0]
    dropped = [c for i, c in enumerate(weight_classes) if i not in rows]
    if not fresh and not dropped:
        return f"head rows put in the data's class order by name (the weights list {names(weight_classes)}; the data {names(data_classes)})"
    text = f"head rows matched to the data's classes by name (the weights list {names(weight_classes)}; the data {names(data_classes)})"
    if fresh:
        text += f"; {names(fresh)} not among the weights' classes: freshly initialised"
    if dropped:
        text += f"; the weights' {names(dropped)} not in the data: dropped"
    return text


# ---- data ----

# The statistics the weights the run starts from record (netdsl.normalize); None: ImageNet's.
RECORDED_NORMALIZATION = None


def normalization():
    """The statistics the run's --weights record, else ImageNet's, as NetDsl normalises folder data (averaged for gray input)."""
    if RECORDED_NORMALIZATION is not None:
        return RECORDED_NORMALIZATION
    return (IMAGENET_MEAN, IMAGENET_STD) if exported.INPUT[0] == 3 else ([sum(IMAGENET_MEAN) / 3], [sum(IMAGENET_STD) / 3])


def recorded_normalization(metadata):
    """netdsl.normalize as (mean, std), one value per input channel; None when absent or unreadable."""
    try:
        value = json.loads(metadata["netdsl.normalize"])
        mean, std = [float(m) for m in value["Mean"]], [float(s) for s in value["Std"]]
    except (KeyError, ValueError, TypeError):
        return None
    channels = exported.INPUT[0]
    if len(mean) == 1:
        mean, std = mean * channels, std * channels
    elif channels == 1 and len(mean) > 1:
        mean, std = [sum(mean) / len(mean)], [sum(std) / len(std)]
    return (mean, std) if len(mean) == channels and len(std) == channels else None


def crop_padding():
    """NetDsl's standard crop padding: an eighth of the input's smaller side, at least 1 (4 at 32x32)."""
    _, height, width = exported.INPUT
    return max(1, min(height, width) // 8)


def resized(pixels, height, width):
    """NetDsl's Resize of the [0, 1] floats (not of 8-bit pixels, so nothing is rounded): bilinear at half-pixel centres,
    shrinking averaged over what each output pixel covers (antialiased); at the size already, untouched."""
    if tuple(pixels.shape[-2:]) == (height, width):
        return pixels
    return F.interpolate(pixels[None], size=(height, width), mode="bilinear", align_corners=False, antialias=True)[0]


def image_transform(train):
    """open_image's tensor resized to the model's input, then (training) NetDsl's standard augmentation, then normalised."""
    channels, height, width = exported.INPUT
    steps = [functools.partial(resized, height=height, width=width)]
    if train:
        # NetDsl's standard augmentation: a random crop with 1/8 padding and a horizontal flip.
        steps += [transforms.RandomCrop((height, width), padding=crop_padding()), transforms.RandomHorizontalFlip()]
    mean, std = normalization()
    return transforms.Compose(steps + [transforms.Normalize(mean, std)])


# The files NetDsl's folder data reads (ImageFiles): a PNG, JPEG or BMP by its extension (any case), not hidden (a dot file such
# as macOS's "._a.png" or ".DS_Store" is no image), so notes.txt and the like are left out; hidden sub-folders are not walked.
# Another image format that torchvision would read (GIF, TIFF, ...) is refused by name, as NetDsl refuses it.
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp")
OTHER_IMAGE_EXTENSIONS = (".gif", ".ppm", ".pgm", ".pbm", ".tif", ".tiff", ".webp")


def has_extension(path, extensions):
    name = os.path.basename(path)
    return os.path.splitext(name)[1].lower() in extensions and not name.startswith(".")


def image_files(directory, files):
    """The images among `files` (found under `directory`) in ordinal path order, after refusing other image formats."""
    other = sorted(f for f in files if has_extension(f, OTHER_IMAGE_EXTENSIONS))
    if other:
        extension = os.path.splitext(other[0])[1].lstrip(".").upper()
        more = f" ({len(other) - 1} more such file{'s' if len(other) > 2 else ''} under {directory})" if len(other) > 1 else ""
        raise SystemExit(f"{other[0]}: a {extension} image; NetDsl reads PNG, JPEG and BMP only, so convert it to PNG or move it "
                         f"out of the data folder{more}")
    return sorted(f for f in files if has_extension(f, IMAGE_EXTENSIONS))


def images_in(directory):
    """The image files directly inside `directory` (NetDsl's ImageFiles.In)."""
    return image_files(directory, [e.path for e in os.scandir(directory) if e.is_file()])


def images_under(directory):
    """The image files anywhere under `directory`, not in hidden sub-folders, each folder walked once and none holding
    `directory` itself (a link loop), as NetDsl's ImageFiles.Under."""
    root = os.path.realpath(directory)
    files, seen, pending = [], set(), [directory]
    while pending:
        current = pending.pop()
        real = os.path.realpath(current)
        if (real != root and (root + os.sep).startswith(real.rstrip(os.sep) + os.sep)) or real in seen:
            continue
        seen.add(real)
        for entry in os.scandir(current):
            if entry.is_dir():
                if not entry.name.startswith("."):
                    pending.append(entry.path)
            elif entry.is_file():
                files.append(entry.path)
    return image_files(directory, files)


def open_image(path):
    """The image as NetDsl's folder data decodes it (stb_image, asked for the model's channels), as float [C, H, W] in [0, 1]
    (byte / 255): alpha dropped, gray repeated for RGB, and gray from colour stb's luma (77 R + 150 G + 29 B) >> 8 on the
    8-bit values (PIL's convert("L") rounds another formula)."""
    with Image.open(path) as image:
        rgb = transforms.functional.pil_to_tensor(image.convert("RGB")).int()
    if exported.INPUT[0] == 1:
        rgb = ((77 * rgb[0] + 150 * rgb[1] + 29 * rgb[2]) >> 8)[None]
    return rgb.float() / 255


TEST_FRACTION = 0.2
MASK64 = (1 << 64) - 1


def split_position(relative):
    """NetDsl's FolderSplit.Position: FNV-1a 64 of the path's UTF-8 bytes ('/' between folders), SplitMix64's finalizer,
    the top 53 bits as a fraction in [0, 1); below TEST_FRACTION is test."""
    h = 0xCBF29CE484222325
    for b in relative.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK64
    h = (h + 0x9E3779B97F4A7C15) & MASK64
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & MASK64
    h ^= h >> 31
    return (h >> 11) / float(1 << 53)


def relative_key(root, path):
    return os.path.relpath(path, root).replace(os.sep, "/")


def split_files(items, key, group, folder, what):
    """NetDsl's FolderSplit.Split of a folder without train/ and test/: (train, test), each file by split_position of its
    path relative to the data folder (key); a group (class) none of whose files falls in train keeps its highest-position
    file in train, and one of two or more files none of which falls in test holds its lowest-position file in test.
    Adding or removing files never moves another file (but through those two small-class rules)."""
    groups = {}
    for item in items:
        groups.setdefault(group(item), []).append(item)
    train, test = [], []
    for g in sorted(groups):
        members = [(item, key(item), split_position(key(item))) for item in groups[g]]
        in_test = [at < TEST_FRACTION for _, _, at in members]
        if members and all(in_test):
            in_test[min(range(len(members)), key=lambda i: (-members[i][2], members[i][1]))] = False
        if len(members) >= 2 and not any(in_test):
            in_test[min(range(len(members)), key=lambda i: (members[i][2], members[i][1]))] = True
        for (item, _, _), held in zip(members, in_test):
            (test if held else train).append(item)
    if not train or not test:
        count, classes = len(train) + len(test), len(groups)
        per = "class" if classes > 1 else "folder"
        raise SystemExit(f"{folder}: too small to split: {count} {what}{f' in {classes} classes' if classes > 1 else ''} leave the "
                         f"{'test' if not test else 'train'} split empty; the {int(TEST_FRACTION * 100)}% test split needs at least 2 "
                         f"{what} per {per}, or put the files under train/ and test/")
    return train, test


class MaskFolder(torch.utils.data.Dataset):
    """images/ and masks/ with matching file names; a mask pixel's value is its class."""

    def __init__(self, root, train, split=False):
        # NetDsl's pairs: each image in images/ with the mask of its stem in masks/ (the first in name order, of any image
        # extension); other files (.DS_Store, notes.txt) are left out.
        masks = {}
        for mask in images_in(os.path.join(root, "masks")):
            masks.setdefault(os.path.splitext(os.path.basename(mask))[0], mask)
        self.pairs = []
        for image in images_in(os.path.join(root, "images")):
            stem = os.path.splitext(os.path.basename(image))[0]
            if stem not in masks:
                raise SystemExit(f"{image}: no mask for this image; expected {os.path.join(root, 'masks', stem + '.png')}")
            self.pairs.append((image, masks[stem]))
        if not self.pairs:
            raise SystemExit(f"{os.path.join(root, 'images')}: holds no PNG, JPEG or BMP images")
        if split:
            # A mask folder without train/ and test/: NetDsl's split by each image's path relative to the folder.
            sides = split_files(self.pairs, lambda p: relative_key(root, p[0]), lambda p: 0, root, "image/mask pairs")
            self.pairs = sides[0] if train else sides[1]
        self.root, self.train = root, train
        _, height, width = exported.INPUT
        self.to_tensor = functools.partial(resized, height=height, width=width)
        self.normalize = transforms.Normalize(*normalization())

    def __len__(self):
        return len(self.pairs)

    @staticmethod
    def read_mask(path):
        """A mask's class indices: a palette mask's index (Pascal VOC's), as NetDsl reads it; other masks are gray levels."""
        with Image.open(path) as m:
            return torch.as_tensor(list((m if m.mode == "P" else m.convert("L")).getdata()), dtype=torch.int64).reshape(m.height, m.width)

    def pixel_counts(self, classes):
        """Mask pixels per class over every mask at its own size, void left out (NetDsl's MaskFolderDataset.ClassCounts)."""
        counts = torch.zeros(256, dtype=torch.float64)
        for _, mask_path in self.pairs:
            counts += torch.bincount(self.read_mask(mask_path).flatten(), minlength=256).double()
        return counts[:classes]

    def __getitem__(self, index):
        image_path, mask_path = self.pairs[index]
        image = open_image(image_path)
        mask = MaskFolder.read_mask(mask_path)
        _, height, width = exported.INPUT
        if tuple(image.shape[-2:]) != (height, width):
            mask = F.interpolate(mask[None, None].float(), size=(height, width), mode="nearest")[0, 0].long()
        pixels = self.to_tensor(image)
        if self.train:
            # NetDsl's standard augmentation (RandomCrop, then HorizontalFlip): the image padded with black (zeros before
            # normalising) and its mask with void on each side, cropped back at a random offset; then a flip half the time.
            padding = crop_padding()
            dy, dx = (int(v) - padding for v in torch.randint(0, 2 * padding + 1, (2,)))
            pixels, mask = shifted(pixels, dy, dx, 0.0), shifted(mask, dy, dx, VOID)
            if torch.rand(()) < 0.5:
                pixels, mask = pixels.flip(-1), mask.flip(-1)
        return self.normalize(pixels), mask


def shifted(tensor, dy, dx, fill):
    """out[..., y, x] = tensor[..., y + dy, x + dx] where that lies inside, else `fill` (NetDsl's RandomCrop.Shift)."""
    out = torch.full_like(tensor, fill)
    height, width = tensor.shape[-2:]
    y0, y1, x0, x1 = max(0, -dy), min(height, height - dy), max(0, -dx), min(width, width - dx)
    if y1 > y0 and x1 > x0:
        out[..., y0:y1, x0:x1] = tensor[..., y0 + dy:y1 + dy, x0 + dx:x1 + dx]
    return out


def class_folders(directory):
    """The class folders of a split, hidden ones (.ipynb_checkpoints) left out as NetDsl leaves them out."""
    return sorted(e.name for e in os.scandir(directory) if e.is_dir() and not e.name.startswith("."))


def images_by_class(directory, class_to_idx):
    """[(path, label)] of each present class folder's images as NetDsl finds them (images_under)."""
    return [(path, index) for name, index in class_to_idx.items() if os.path.isdir(os.path.join(directory, name))
            for path in images_under(os.path.join(directory, name))]


class ClassFolder(datasets.ImageFolder):
    """ImageFolder reading the files NetDsl reads: no hidden class folders, no hidden or non-image files."""

    def find_classes(self, directory):
        classes = class_folders(directory)
        if not classes:
            raise SystemExit(f"{directory}: no class folders; put each class's images in a sub-folder")
        return classes, {name: index for index, name in enumerate(classes)}

    @staticmethod
    def make_dataset(directory, class_to_idx, *args, **kwargs):
        return images_by_class(directory, class_to_idx)


def TrainClassesFolder(classes):
    """ClassFolder labelled by the train split's classes, as NetDsl labels test/: a test folder may lack a class (its own
    ImageFolder would number the rest from 0, shifting every label) but not name one train/ lacks."""

    class Folder(ClassFolder):
        def find_classes(self, directory):
            extra = sorted(set(class_folders(directory)) - set(classes))
            if extra:
                raise SystemExit(f"{os.path.join(directory, extra[0])}: class folder '{extra[0]}' is not among the train classes ({', '.join(classes)})")
            return list(classes), {name: index for index, name in enumerate(classes)}

    return Folder


def SplitClassFolder(train):
    """ClassFolder of a folder without train/ and test/: the class folders at its top, split as NetDsl splits them."""

    class Folder(ClassFolder):
        @staticmethod
        def make_dataset(directory, class_to_idx, *args, **kwargs):
            sides = split_files(images_by_class(directory, class_to_idx), lambda s: relative_key(directory, s[0]), lambda s: s[1], directory, "images")
            return sides[0] if train else sides[1]

    return Folder


def open_data(folder):
    """The train and test splits of FOLDER; a layout train.py does not read is named (exit 1), not left to a traceback."""
    segmentation = exported.TASK == "segmentation"
    layout = ("train/ and test/ sub-folders, each with images/ and masks/, and classes.txt" if segmentation
              else "train/ and test/ sub-folders, each with one folder of images per class")
    if not os.path.isdir(folder):
        raise SystemExit(f"{folder}: folder not found (--data)")
    missing = [name for name in ("train", "test") if not os.path.isdir(os.path.join(folder, name))]
    # Neither train/ nor test/: the folder itself is split as NetDsl splits it (file by file, by path).
    flat = len(missing) == 2
    if flat and segmentation:
        missing = [name for name in ("images", "masks") if not os.path.isdir(os.path.join(folder, name))]
        layout += ", or images/ and masks/ (split as NetDsl splits them)"
    elif flat:
        missing = []
    if segmentation and not os.path.isfile(os.path.join(folder, "classes.txt")):
        missing.append("classes.txt")
    if missing:
        raise SystemExit(f"{folder}: train.py reads a folder with {layout}; it has no {' and no '.join(missing)}")
    if segmentation:
        with open(os.path.join(folder, "classes.txt")) as f:
            classes = [line.strip() for line in f if line.strip()]
        if flat:
            train, test = MaskFolder(folder, True, split=True), MaskFolder(folder, False, split=True)
        else:
            train, test = MaskFolder(os.path.join(folder, "train"), True), MaskFolder(os.path.join(folder, "test"), False)
    elif flat:
        train = SplitClassFolder(True)(folder, image_transform(True), loader=open_image)
        classes = train.classes
        test = SplitClassFolder(False)(folder, image_transform(False), loader=open_image)
    else:
        train = ClassFolder(os.path.join(folder, "train"), image_transform(True), loader=open_image)
        classes = train.classes
        test = TrainClassesFolder(classes)(os.path.join(folder, "test"), image_transform(False), loader=open_image)
    return train, test, classes


# ---- training ----

def weights_metadata(head, class_names, extra):
    """The metadata NetDsl's own export writes, so `eval/predict MODEL --weights RUN/weights.safetensors` rebuilds this model:
    its name, input, head size (netdsl.classes) and the constructor arguments the export recorded (netdsl.arguments, read from
    the weights.safetensors beside model.py), then the normalisation and class names."""
    exported_metadata = safetensors_metadata(os.path.join(os.path.dirname(os.path.abspath(exported.__file__)), "weights.safetensors"))
    metadata = {"format": "pt", "netdsl.model": exported.NAME, "netdsl.input": "x".join(map(str, exported.INPUT)), "netdsl.classes": str(head)}
    if exported_metadata.get("netdsl.arguments"):
        metadata["netdsl.arguments"] = exported_metadata["netdsl.arguments"]
    metadata.update(extra)
    metadata["netdsl.class_names"] = json.dumps(list(class_names))
    return metadata


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


# ---- the recipe (model.py's RECIPE: the model card as NetDsl's trainer resolves it) and NetDsl's trainer semantics ----

OPTIMIZERS, SCHEDULES = ("sgd", "adamw", "lamb"), ("cosine", "step", "onecycle")
# RECIPE key -> the argparse destination that overrides it.
OVERRIDES = {"lr": "lr", "momentum": "momentum", "nesterov": "nesterov", "weight_decay": "weight_decay", "schedule": "schedule",
             "warmup_epochs": "warmup_epochs", "label_smoothing": "label_smoothing", "mixup": "mixup", "cutmix": "cutmix",
             "batch": "batch", "epochs": "epochs",
             "precise_bn": "precise_bn"}


def parse_lr_scales(text):
    """PREFIX=X[,...] as NetDsl's --lr-scale reads it: {prefix: scale}, a prefix's trailing dots dropped."""
    scales = {}
    for pair in (p.strip() for p in text.split(",")):
        if not pair:
            continue
        prefix, sep, value = (part.strip() for part in pair.partition("="))
        prefix = prefix.rstrip(".")
        try:
            scale = float(value)
        except ValueError:
            scale = float("nan")
        if not sep or not prefix or not math.isfinite(scale) or scale < 0:
            raise ValueError(f"learning-rate scale '{pair}': expected PREFIX=X with X a number >= 0 (e.g. classifier.0=0.02)")
        scales[prefix] = scale
    return scales


def resolve_recipe(args):
    """model.py's RECIPE with the command line's values in, and where each came from ({key: "card"|"default"|"command line"}).
    As NetDsl's TrainerOptions.WithCard: --optimizer naming another optimizer than the recipe's takes that optimizer's own
    rate, momentum, Nesterov and weight decay (OPTIMIZER_DEFAULTS), the card's going with the card's optimizer."""
    recipe, source = dict(exported.RECIPE), dict(exported.RECIPE_SOURCE)
    recipe["lr_scales"] = dict(recipe["lr_scales"])
    for key in ("mixup", "cutmix"):  # a model.py exported before mixing was recorded: off
        recipe.setdefault(key, 0.0)
        source.setdefault(key, "default")
    if args.optimizer is not None:
        if args.optimizer != recipe["optimizer"]:
            for key, value in exported.OPTIMIZER_DEFAULTS[args.optimizer].items():
                recipe[key], source[key] = value, "default"
        recipe["optimizer"], source["optimizer"] = args.optimizer, "command line"
    for key, dest in OVERRIDES.items():
        if getattr(args, dest) is not None:
            recipe[key], source[key] = getattr(args, dest), "command line"
    recipe["warmup_steps"], source["warmup_steps"] = (args.warmup, "command line") if args.warmup is not None else (None, source["warmup_epochs"])
    if args.lr_scale is not None:
        recipe["lr_scales"], source["lr_scales"] = parse_lr_scales(args.lr_scale), "command line"
    recipe["decay_all"] = bool(args.decay_all)
    return recipe, source


def check_recipe(recipe, source):
    """The checks NetDsl's trainer and CLI make; returns a message or None."""
    if recipe["optimizer"] not in OPTIMIZERS:
        return f"optimizer {recipe['optimizer']!r} is not one of {', '.join(OPTIMIZERS)}"
    if recipe["schedule"] not in SCHEDULES:
        return f"schedule {recipe['schedule']!r} is not one of {', '.join(SCHEDULES)}"
    if not 0 <= recipe["label_smoothing"] < 1:
        return f"--label-smoothing {recipe['label_smoothing']:g} is outside [0, 1)"
    if recipe["label_smoothing"] > 0 and exported.TASK != "classification":
        return f"--label-smoothing applies to classifiers; {exported.NAME} is a {exported.TASK} model"
    for key in ("mixup", "cutmix"):
        if not (math.isfinite(recipe[key]) and recipe[key] >= 0):
            return f"--{key} must be an alpha above 0 (0: off), got {recipe[key]!r}"
        if recipe[key] > 0 and exported.TASK != "classification":
            return f"--{key} applies to classifiers; {exported.NAME} is a {exported.TASK} model"
    if recipe["nesterov"] and recipe["optimizer"] != "sgd":
        return "--nesterov applies to --optimizer sgd only"
    if recipe["nesterov"] and recipe["momentum"] <= 0:
        return "Nesterov momentum needs a momentum above zero"
    if recipe["lr"] <= 0 or recipe["momentum"] < 0 or recipe["weight_decay"] < 0:
        return "the learning rate must be above zero, momentum and weight decay not negative"
    if recipe["batch"] < 1 or recipe["epochs"] < 1 or recipe["precise_bn"] < 0:
        return "batch and epochs must be at least 1, --precise-bn at least 0"
    return None


def describe_recipe(recipe, source, warmup_steps):
    """One line: each value and where it came from."""
    def v(key, text, note=""):
        return f"{text} ({source[key]}{', ' + note if note else ''})"
    optimizer = recipe["optimizer"] + (" nesterov" if recipe["optimizer"] == "sgd" and recipe["nesterov"] else "")
    parts = [v("optimizer", optimizer)]
    if recipe["optimizer"] == "sgd":
        parts.append(v("momentum", f"momentum {recipe['momentum']:g}"))
    else:
        parts.append(f"betas 0.9, 0.999, eps {'1e-06' if recipe['optimizer'] == 'lamb' else '1e-08'}")
    parts += [v("lr", f"lr {recipe['lr']:g}"), v("schedule", recipe["schedule"])]
    if recipe["schedule"] != "onecycle":
        warm = f"{recipe['warmup_steps']} steps" if recipe["warmup_steps"] is not None else \
            f"{recipe['warmup_epochs']:g} epochs" if recipe["warmup_epochs"] is not None else "3% of the steps"
        parts.append(v("warmup_steps", f"warm-up {warm}", f"{warmup_steps} step{'' if warmup_steps == 1 else 's'}"))
    parts += [v("weight_decay", f"weight decay {recipe['weight_decay']:g}", "all parameters" if recipe["decay_all"] else "not on norms and biases"),
              v("label_smoothing", f"label smoothing {recipe['label_smoothing']:g}"),
              v("batch", f"batch {recipe['batch']}"), v("epochs", f"epochs {recipe['epochs']}"),
              v("precise_bn", f"precise BN {recipe['precise_bn']} batches"),
              v("lr_scales", "lr scales " + (",".join(f"{k}={x:g}" for k, x in sorted(recipe["lr_scales"].items())) or "none"))]
    mixing = [v(key, f"{key} {recipe[key]:g}") for key in ("mixup", "cutmix") if recipe[key] > 0]
    if mixing:  # shown only when on, as NetDsl's recipe line
        parts.append(", ".join(mixing) + (" (one per batch)" if len(mixing) > 1 else ""))
    return "recipe: " + ", ".join(parts)


def scale_of(scales, name):
    """NetDsl's LearningRateScales.ScaleOf: the longest prefix naming the parameter or a module holding it, else 1."""
    best = None
    for prefix in scales:
        if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > len(best)):
            best = prefix
    return 1.0 if best is None else scales[best]


def parameter_groups(net, recipe):
    """The trainable parameters in groups as NetDsl's ParameterGroups: weight decay only on parameters of more than one
    dimension (biases, norm scales and shifts exempt) unless decay_all, and each group's lr scale (the longest prefix's).
    Each group carries "names", "decays" and "lr_scale" (the optimizer keeps extra group keys)."""
    groups, names = {}, []
    for name, parameter in net.named_parameters():
        if not parameter.requires_grad:
            continue
        names.append(name)
        decays = recipe["decay_all"] or parameter.dim() > 1
        scale = scale_of(recipe["lr_scales"], name)
        group = groups.setdefault((decays, scale), {"params": [], "names": [], "decays": decays, "lr_scale": scale,
                                                    "weight_decay": recipe["weight_decay"] if decays else 0.0})
        group["params"].append(parameter)
        group["names"].append(name)
    unmatched = [p for p in recipe["lr_scales"] if not any(n == p or n.startswith(p + ".") for n in names)]
    if unmatched:
        top = list(dict.fromkeys(n.split(".")[0] for n in names))[:12]
        raise SystemExit(f"learning-rate scale prefix {', '.join(repr(p) for p in unmatched)} covers no trainable parameter; "
                         f"the model's top-level modules are {', '.join(top)}")
    return list(groups.values())


class Lamb(torch.optim.Optimizer):
    """NetDsl's LAMB (timm's Lamb; You et al., 2020): AdamW's moments, but a decayed parameter's step u = m^/(sqrt(v^) + eps)
    + wd * p is rescaled to |p| / |u| (p -= lr * |p| / |u| * u); parameters without decay (norms, biases) take plain Adam
    steps. Written as NetDsl's AdamWOptimizer(trustRatio: true) computes it."""

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, decays=True))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"], state["exp_avg_sq"] = torch.zeros_like(p), torch.zeros_like(p)
                state["step"] += 1
                t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
                m.mul_(beta1).add_(p.grad, alpha=1 - beta1)
                v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                correction1, root2 = 1 - beta1 ** t, math.sqrt(1 - beta2 ** t)
                denominator = v.sqrt().add_(group["eps"] * root2)
                if not group["decays"]:
                    p.addcdiv_(m, denominator, value=-group["lr"] * root2 / correction1)
                    continue
                update = m / denominator * (root2 / correction1)
                if group["weight_decay"] != 0:
                    update.add_(p, alpha=group["weight_decay"])
                w, u = p.norm().item(), update.norm().item()
                p.add_(update, alpha=-group["lr"] * (w / u if w > 0 and u > 0 else 1.0))


def create_optimizer(groups, recipe):
    """The recipe's optimizer over parameter_groups(): torch's SGD (NetDsl's MomentumSgd is its update rule) or AdamW
    (betas 0.9, 0.999, eps 1e-8, decoupled decay lr * wd, as NetDsl's AdamWOptimizer), or Lamb (eps 1e-6, timm's)."""
    kind = recipe["optimizer"]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=recipe["lr"], momentum=recipe["momentum"], nesterov=recipe["nesterov"], weight_decay=recipe["weight_decay"])
    if kind == "adamw":
        return torch.optim.AdamW(groups, lr=recipe["lr"], betas=(0.9, 0.999), eps=1e-8, weight_decay=recipe["weight_decay"])
    return Lamb(groups, lr=recipe["lr"], weight_decay=recipe["weight_decay"])


def warmup_steps(recipe, total_steps, steps_per_epoch):
    """NetDsl's TrainerOptions.ResolveWarmupSteps: --warmup steps, else warm-up epochs x steps per epoch (rounded half to
    even, as .NET's Math.Round), else 3% of the run, at most 100 steps."""
    if recipe["warmup_steps"] is not None:
        return recipe["warmup_steps"]
    if recipe["warmup_epochs"] is not None:
        return int(round(recipe["warmup_epochs"] * steps_per_epoch))
    return min(100, total_steps * 3 // 100)


def learning_rate(schedule, base, step, total_steps, warmup):
    """The rate at zero-based optimizer step `step`, NetDsl's LearningRateSchedule.Create(...).At(step): a linear warm-up
    base * (step + 1) / (warmup + 1), then cosine to zero over the remaining steps, or /10 at half and at three quarters
    of the run (step); one-cycle: PyTorch's OneCycleLR (cosine) from base/25 up over 30% of the steps, then to base/25e4."""
    if schedule == "onecycle":
        total = max(2, total_steps)
        peak = max(1, int(0.3 * total) - 1)
        start = base / 25
        end = start / 1e4

        def anneal(a, b, progress):
            return b + (a - b) / 2 * (1 + math.cos(math.pi * progress))
        if step <= peak:
            return anneal(start, base, step / peak)
        return anneal(base, end, min(1.0, (step - peak) / max(1, total - 1 - peak)))
    total = max(1, total_steps)
    warmup = min(max(warmup, 0), total - 1)
    if step < warmup:
        return base * (step + 1) / (warmup + 1)
    if schedule == "step":
        drops = (1 if step >= total // 2 else 0) + (1 if step >= total * 3 // 4 else 0)
        return base * math.pow(0.1, drops)
    progress = (step - warmup) / max(1, total - warmup)
    return base * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def task_loss(output, targets, label_smoothing, class_weights=None):
    """NetDsl's task loss: cross-entropy, label-smoothed for classifiers, a mask's void pixels left out, each class weighted
    by class_weights when given (--class-weights). A mixed batch's targets (labels, the rolled labels, lambda; mix_batch) are
    the soft targets lambda * onehot + (1 - lambda) * onehot(rolled), smoothed by cross_entropy as it smooths probability
    targets (which take no ignore_index)."""
    weight = None if class_weights is None else class_weights.to(output.device)
    if isinstance(targets, tuple):
        own, partner, lam = targets
        classes = output.shape[1]
        soft = F.one_hot(own, classes).float() * lam + F.one_hot(partner, classes).float() * (1.0 - lam)
        return F.cross_entropy(output.float(), soft, weight=weight, label_smoothing=label_smoothing)
    return F.cross_entropy(output.float(), targets, weight=weight, ignore_index=VOID, label_smoothing=label_smoothing)


def class_weights(text, train, head):
    """--class-weights: 'balanced' (NetDsl's ClassWeighting.Balanced: n / (K * n_k) over the classes present, 0 for an absent
    one, from the training labels, or a mask folder's pixels per class at the masks' own size, void left out) or one
    weight of 0 or more per output class. None without the option. Errors are (None, message)."""
    if text is None:
        return None, None
    if text == "balanced":
        if isinstance(train, MaskFolder):
            counts = train.pixel_counts(head)
        else:
            counts = torch.bincount(torch.tensor(train.targets), minlength=head).double()
        present = int((counts > 0).sum())
        weights = torch.where(counts > 0, counts.sum() / (present * counts.clamp(min=1)), torch.zeros_like(counts))
        return weights.float(), None
    try:
        weights = [float(w) for w in text.split(",")]
    except ValueError:
        return None, f"--class-weights takes 'balanced' or one weight per class (e.g. 1,4,1), got {text!r}"
    if any(not math.isfinite(w) or w < 0 for w in weights) or not any(w > 0 for w in weights):
        return None, f"--class-weights needs finite weights of 0 or more, at least one above 0, got {text!r}"
    if len(weights) != head:
        return None, f"--class-weights holds {len(weights)} weights, but the model outputs {head} classes; give one weight per class"
    return torch.tensor(weights, dtype=torch.float32), None


def mix_batch(images, targets, mixup, cutmix, rng):
    """NetDsl's BatchMixing (torchvision's reference RandomMixup/RandomCutmix): the partner of every sample is the batch
    rolled by one, lambda ~ Beta(alpha, alpha); with both on, one of the two per batch. Mixup blends the images; CutMix
    pastes a box of area share 1 - lambda centred at a uniform pixel, clipped, and sets lambda to the share left. Returns
    the images and (labels, rolled labels, lambda) for task_loss. Draws come from rng (Python's random), not torch's."""
    use_cutmix = mixup <= 0 or (cutmix > 0 and rng.random() >= 0.5)
    alpha = cutmix if use_cutmix else mixup
    lam = rng.betavariate(alpha, alpha)
    rolled = images.roll(1, 0)
    if use_cutmix:
        height, width = images.shape[-2], images.shape[-1]
        cx, cy = rng.randrange(width), rng.randrange(height)
        r = 0.5 * math.sqrt(1.0 - lam)
        half_w, half_h = int(r * width), int(r * height)
        x1, y1, x2, y2 = max(cx - half_w, 0), max(cy - half_h, 0), min(cx + half_w, width), min(cy + half_h, height)
        images = images.clone()
        images[:, :, y1:y2, x1:x2] = rolled[:, :, y1:y2, x1:x2]
        lam = 1.0 - (x2 - x1) * (y2 - y1) / (width * height)
    else:
        images = images * lam + rolled * (1.0 - lam)
    return images, (targets, targets.roll(1, 0), lam)


def training_loss(main, auxiliary, weights, targets, label_smoothing, class_weights=None):
    """NetDsl's trainer: the main loss plus each auxiliary head's loss (the same loss, smoothing and class weights included)
    times its weight. Returns the loss and its weighted auxiliary part."""
    loss = task_loss(main, targets, label_smoothing, class_weights)
    aux_sum = torch.zeros((), device=loss.device)
    for weight, output in zip(weights, auxiliary):
        aux = task_loss(output, targets, label_smoothing, class_weights)
        aux_sum = aux_sum + weight * aux.detach()
        loss = torch.add(loss, aux, alpha=weight)
    return loss, aux_sum


class WeightEma:
    """NetDsl's ModelEma (train --ema): an exponential moving average of every floating state-dict tensor (weights and
    BatchNorm statistics; the batch count copied), avg <- d*avg + (1-d)*w after each optimizer step with TensorFlow's
    warm-up d = min(decay, (1+n)/(10+n)). swapped_in() exchanges the model's tensors and the average in place, so what is
    evaluated and saved is the average; state() (taken swapped) holds the raw weights for an exact resume."""

    def __init__(self, net, decay):
        self.decay, self.updates, self.swapped = decay, 0, False
        with torch.no_grad():
            self.tensors = [(key, live, live.detach().clone()) for key, live in net.state_dict(keep_vars=True).items()]

    def next_decay(self):
        return min(self.decay, (1.0 + self.updates) / (10.0 + self.updates))

    @torch.no_grad()
    def update(self):
        d = self.next_decay()
        for _, live, held in self.tensors:
            if held.is_floating_point():
                held.lerp_(live, 1.0 - d)
            else:
                held.copy_(live)
        self.updates += 1

    @torch.no_grad()
    def swap(self):
        for _, live, held in self.tensors:
            keep = live.detach().clone()
            live.copy_(held)
            held.copy_(keep)
        self.swapped = not self.swapped

    @contextlib.contextmanager
    def swapped_in(self):
        if self.swapped:
            yield
            return
        self.swap()
        try:
            yield
        finally:
            self.swap()

    def state(self):
        """What a checkpoint keeps beside its (averaged) model: the raw weights and the update count. Take it swapped in."""
        assert self.swapped, "save the checkpoint with the average swapped in"
        return {"raw": {key: held.clone() for key, _, held in self.tensors}, "updates": self.updates}

    @torch.no_grad()
    def restore(self, state):
        """After the checkpoint's (averaged) model was loaded: the average from the model, the raw weights into it."""
        for key, live, held in self.tensors:
            held.copy_(live)
            live.copy_(state["raw"][key])
        self.updates = state["updates"]


def recalibrate_batch_norm(net, batches, count, world):
    """NetDsl's precise BN (BatchNormRecalibration): every BatchNorm's running mean and variance replaced by their plain
    average over `count` training batches forwarded (net's forward) in training mode without gradients; under DDP
    the processes' averages are averaged, so every process evaluates with the same statistics."""
    norms = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._NormBase)
             and m.track_running_stats and m.running_mean is not None and m.running_var is not None]
    if not norms or count <= 0:
        return 0
    momenta, was_training, seen = [m.momentum for m in norms], net.training, 0
    with torch.no_grad():
        for m in norms:
            m.running_mean.zero_()
            m.running_var.fill_(1)
            if m.num_batches_tracked is not None:
                m.num_batches_tracked.zero_()
            m.momentum = None  # a cumulative average over the batches below
        net.train()
        for images, _ in batches:
            net(images)
            seen += 1
            if seen == count:
                break
        if world > 1:
            for m in norms:
                for buffer in (m.running_mean, m.running_var):
                    dist.all_reduce(buffer)
                    buffer /= world
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum
    net.train(was_training)
    return seen


def evaluate(net, test, device, batch, rank, world, classes, label_smoothing=0.0):
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
            # NetDsl's evaluator: each batch's mean loss (a mask's over its non-void pixels, as torch's mean with ignore_index)
            # times the batch's images, summed, then divided by the images.
            loss_sum += F.cross_entropy(logits, targets, ignore_index=VOID, label_smoothing=label_smoothing).double() * images.shape[0]
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
    parser.add_argument("--out", required=True, help="folder for checkpoint.pt and weights.safetensors")
    # Recipe values: None when not given, so the recipe (model.py's RECIPE) fills them and the log says which came from where.
    parser.add_argument("--epochs", type=int, help="epochs (default: the recipe's)")
    parser.add_argument("--batch", type=int, help="global batch size, split across processes (default: the recipe's)")
    parser.add_argument("--optimizer", choices=OPTIMIZERS, help="default: the recipe's; another than the card's drops the card's "
                        "lr, momentum, Nesterov and weight decay for that optimizer's own, as NetDsl does")
    parser.add_argument("--lr", type=float, help="peak learning rate (default: the recipe's)")
    parser.add_argument("--momentum", type=float, help="SGD momentum (default: the recipe's)")
    parser.add_argument("--nesterov", action=argparse.BooleanOptionalAction, default=None, help="SGD Nesterov momentum (default: the recipe's)")
    parser.add_argument("--weight-decay", type=float, help="default: the recipe's; never on norms and biases unless --decay-all")
    parser.add_argument("--decay-all", action="store_true", help="decay norm weights and biases too")
    parser.add_argument("--schedule", choices=SCHEDULES, help="default: the recipe's")
    parser.add_argument("--warmup", type=int, help="linear warm-up steps (overrides the warm-up epochs)")
    parser.add_argument("--warmup-epochs", type=float, help="linear warm-up in epochs (default: the recipe's; none: 3%% of the steps, at most 100)")
    parser.add_argument("--label-smoothing", type=float, help="classifiers (default: the recipe's)")
    parser.add_argument("--mixup", type=float, metavar="ALPHA", help="classifiers: Mixup each training batch with the batch rolled "
                        "by one, lambda ~ Beta(ALPHA, ALPHA) (e.g. 0.2; 0: off; default: the recipe's)")
    parser.add_argument("--cutmix", type=float, metavar="ALPHA", help="classifiers: CutMix each training batch (e.g. 1.0; 0: off; "
                        "with --mixup one of the two per batch; default: the recipe's)")
    parser.add_argument("--class-weights", metavar="balanced|W1,W2,...", help="weigh each class's training loss (balanced: n / (K * n_k) "
                        "from the training labels), as NetDsl's train --class-weights; the test loss stays unweighted (default: none)")
    parser.add_argument("--precise-bn", type=int, help="re-estimate BatchNorm statistics over N training batches before each evaluation (default: the recipe's)")
    parser.add_argument("--lr-scale", help="PREFIX=X[,...]: learning-rate multipliers by parameter-name prefix (default: the recipe's)")
    parser.add_argument("--ema", type=float, metavar="DECAY", help="keep a moving average of the weights (e.g. 0.999) and evaluate "
                        "and save it, as NetDsl's train --ema (default: none)")
    parser.add_argument("--log-lr", help="write each optimizer step's scheduled learning rate to this file (step,lr; rank 0)")
    parser.add_argument("--weights", help="safetensors or torch.save state dict (.pth) to start from (e.g. the exported "
                        "weights.safetensors); strict, its head rows matched to the data's classes by the names it records")
    parser.add_argument("--data-stats", action="store_true", help="with --weights: normalise with ImageNet's statistics, not those "
                        "the weights record (netdsl.normalize)")
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="data loader processes per training process")
    args = parser.parse_args()
    if exported.TASK not in ("classification", "segmentation"):
        parser.error(f"{exported.NAME} is a {exported.TASK} model; train.py trains classification and segmentation models")
    if not hasattr(exported, "RECIPE"):
        parser.error(f"{exported.__file__} has no RECIPE: export the model again with this train.py's NetDsl")
    try:
        recipe, source = resolve_recipe(args)
    except ValueError as e:
        parser.error(str(e))
    problem = check_recipe(recipe, source)
    if problem:
        parser.error(problem)

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

    global RECORDED_NORMALIZATION
    if args.data_stats and not args.weights:
        parser.error("--data-stats needs --weights: it sets aside the normalisation the weights record")
    weights_metadata_read = safetensors_metadata(args.weights) if args.weights and os.path.isfile(args.weights) and is_safetensors(args.weights) else {}
    # A resumed run goes on with the statistics it trained with (its weights.safetensors records them).
    recorded_from = args.weights if args.weights else os.path.join(args.out, "weights.safetensors") if args.resume else None
    recorded_metadata = weights_metadata_read if args.weights else safetensors_metadata(recorded_from) if recorded_from else {}
    if not args.data_stats:
        RECORDED_NORMALIZATION = recorded_normalization(recorded_metadata)
    train, test, class_names = open_data(args.data)
    classes = len(class_names)
    torch.manual_seed(args.seed)
    net, head = create_model(classes)
    net = net.to(device)
    weights_per_class, problem = class_weights(args.class_weights, train, head)
    if problem:
        parser.error(problem)
    if weights_per_class is not None:
        log("class weights: " + ", ".join(f"{w:.4g}" for w in weights_per_class.tolist()) + " (training loss only)")
    if RECORDED_NORMALIZATION is not None and args.weights:
        log(f"normalisation: mean {RECORDED_NORMALIZATION[0]} std {RECORDED_NORMALIZATION[1]} (recorded in {args.weights}; --data-stats for ImageNet's)")
    if args.weights:
        try:
            state = load_weights(args.weights)
        except (OSError, ValueError) as e:
            parser.error(str(e))
        named = None
        try:
            named = json.loads(weights_metadata_read["netdsl.class_names"])
        except (KeyError, ValueError):
            pass
        rows = class_rows(named, list(class_names))
        aligned = align_head(state, net, head, rows) if rows is not None else None
        if aligned is not None:
            state = aligned
            if not (len(named) == len(class_names) and rows == list(range(len(rows)))):
                log(f"classes: {args.weights}: {describe_rows(named, list(class_names), rows)}")
        elif named:
            log(f"note: {args.weights} names its classes ({', '.join(named[:8])}), none of them the data's: head rows kept in the file's order")
        net.load_state_dict(state, strict=True)
    # Auxiliary heads ([Aux]): forward (evaluation) skips them, as NetDsl's does; training runs model.py's forward_training
    # (NetDsl's ForwardTraining) and adds each head's weighted loss, as NetDsl's trainer does.
    training = TrainingForward(net) if hasattr(net, "forward_training") else net
    if training is not net:
        heads = training.heads()
        log("auxiliary heads: " + (", ".join(f"{name} (weight {weight:g})" for name, weight in heads) or "none built")
            + (": training loss = main loss + sum of weight * head loss" if heads else ""))
    ddp = DistributedDataParallel(training, device_ids=[local_rank] if cuda else None) if distributed else training

    epochs, per_process = recipe["epochs"], max(1, recipe["batch"] // world)
    sampler = torch.utils.data.distributed.DistributedSampler(train, world, rank, shuffle=True, seed=args.seed) if distributed else None
    # NetDsl's batches: a last partial batch is kept unless it holds one sample (BatchNorm cannot normalise one).
    loader = torch.utils.data.DataLoader(train, batch_size=per_process, sampler=sampler, shuffle=sampler is None, num_workers=args.workers,
                                         drop_last=len(sampler if sampler is not None else train) % per_process == 1,
                                         persistent_workers=args.workers > 0)
    optimizer = create_optimizer(parameter_groups(net, recipe), recipe)
    if args.ema is not None and not 0 < args.ema < 1:
        parser.error(f"--ema must be a decay above 0 and below 1 (e.g. 0.999), got {args.ema!r}")
    ema = WeightEma(net, args.ema) if args.ema is not None else None
    steps_per_epoch = len(loader)
    steps = max(1, epochs * steps_per_epoch)
    warmup = warmup_steps(recipe, steps, steps_per_epoch)

    os.makedirs(args.out, exist_ok=True)
    checkpoint_path = os.path.join(args.out, "checkpoint.pt")
    start = 0
    if args.resume and os.path.exists(checkpoint_path):
        state = torch.load(checkpoint_path, map_location=device)
        net.load_state_dict(state["model"])
        if ("ema" in state) != (ema is not None):
            # The checkpoint's weights are the average where the run kept one: either way round they would be misread.
            parser.error(f"{checkpoint_path}: the run kept {'a' if 'ema' in state else 'no'} moving average of its weights; resume "
                         + ("with --ema" if "ema" in state else "without --ema") + ", or train into another --out")
        if ema is not None:
            ema.restore(state["ema"])
        optimizer.load_state_dict(state["optimizer"])
        start = state["epoch"]
        log(f"resumed from {checkpoint_path} after epoch {start}")
    log(f"model: {exported.NAME}  input: {'x'.join(map(str, exported.INPUT))}  classes: {classes} (head {head})  "
        f"processes: {world} ({'nccl, bf16 autocast' if cuda and distributed else 'cuda, bf16 autocast' if cuda else 'gloo' if distributed else 'cpu'})  "
        f"train: {len(train)}  test: {len(test)}")
    log(describe_recipe(recipe, source, warmup), flush=True)
    if ema is not None:
        log(f"weight EMA {args.ema!r} (command line): evaluated and saved with the averaged weights", flush=True)
    lr_log = open(args.log_lr, "a" if args.resume else "w") if args.log_lr and rank == 0 else None
    step = start * steps_per_epoch

    metric_name, metric = "accuracy", float("nan")
    for epoch in range(start, epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        ddp.train()
        began, seen, loss_sum, aux_sum = time.time(), 0, torch.zeros((), device=device), torch.zeros((), device=device)
        for batch_index, (images, targets) in enumerate(loader):
            images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
            if recipe["mixup"] > 0 or recipe["cutmix"] > 0:
                # Draws from (seed, epoch, batch, process) alone, as NetDsl's; the loss takes the soft targets (task_loss).
                rng = random.Random(f"netdsl-mix:{args.seed}:{epoch}:{batch_index}:{rank}")
                images, targets = mix_batch(images, targets, recipe["mixup"], recipe["cutmix"], rng)
            # NetDsl's schedule, per optimizer step, each parameter group at its lr scale.
            rate = learning_rate(recipe["schedule"], recipe["lr"], step, steps, warmup)
            for group in optimizer.param_groups:
                group["lr"] = rate * group["lr_scale"]
            if lr_log is not None:
                lr_log.write(f"{step},{rate!r}\n")
            with torch.autocast("cuda", dtype=torch.bfloat16) if cuda else contextlib.nullcontext():
                if training is net:
                    loss, _ = training_loss(ddp(images), [], [], targets, recipe["label_smoothing"], weights_per_class)
                else:
                    # NetDsl's trainer: the main loss plus each auxiliary head's loss (the same loss) times its weight.
                    main, outputs = ddp(images)
                    loss, aux = training_loss(main, outputs, [weight for _, weight in training.weights], targets, recipe["label_smoothing"], weights_per_class)
                    aux_sum += aux
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if ema is not None:
                ema.update()
            step += 1
            loss_sum += loss.detach()
            seen += images.shape[0]
        if distributed:
            dist.all_reduce(loss_sum)
            dist.all_reduce(aux_sum)
            loss_sum /= world
            aux_sum /= world
        elapsed = time.time() - began
        if lr_log is not None:
            lr_log.flush()
        with ema.swapped_in() if ema is not None else contextlib.nullcontext():
            if recipe["precise_bn"] > 0:
                with torch.autocast("cuda", dtype=torch.bfloat16) if cuda else contextlib.nullcontext():
                    recalibrate_batch_norm(net, ((images.to(device), t) for images, t in loader), recipe["precise_bn"], world)
            test_loss, metric_name, metric = evaluate(net, test, device, per_process, rank, world, head, recipe["label_smoothing"])
            if rank == 0:
                torch.save({"model": net.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                            "epoch": epoch + 1, **({"ema": ema.state()} if ema is not None else {})}, checkpoint_path + ".tmp")
                os.replace(checkpoint_path + ".tmp", checkpoint_path)
                # The normalisation and class names ride along, so NetDsl's `predict --weights` prepares and names images as here.
                mean, std = normalization()
                save_safetensors(net.state_dict(), os.path.join(args.out, "weights.safetensors"),
                                 weights_metadata(head, class_names, {"netdsl.normalize": json.dumps({"Mean": mean, "Std": std})}))
        auxiliary = f" (weighted aux {aux_sum.item() / max(1, len(loader)):.4f})" if training is not net else ""
        log(f"epoch {epoch + 1}/{epochs}  loss {loss_sum.item() / max(1, len(loader)):.4f}{auxiliary}  test loss {test_loss:.4f}  "
            f"test {metric_name} {metric:.4f}  {seen * world / elapsed:.1f} images/s  {elapsed:.1f}s", flush=True)
    log(f"test {metric_name}: {metric:.4f}")
    if lr_log is not None:
        lr_log.close()
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
