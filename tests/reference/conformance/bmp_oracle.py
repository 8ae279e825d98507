"""Writes BMP files with PIL in the modes it saves as BMP (24-bit RGB, 8-bit gray and palette, 1-bit, 32-bit RGBA) and,
next to each, PIL's convert("RGB") pixels as raw bytes (NAME.rgb): what torchvision's ImageFolder feeds a model."""
import os
import sys

from PIL import Image

out = sys.argv[1]
width, height = 7, 5   # 7 columns: rows of 21, 7, 1 and 28 bytes pad to 4 differently per depth
base = Image.new("RGB", (width, height))
base.putdata([((37 * x + 11 * y) % 256, (53 * y + 7 * x) % 256, (91 * x * y + 13) % 256) for y in range(height) for x in range(width)])
images = {
    "rgb24": base,
    "gray8": base.convert("L"),
    "palette8": base.convert("P", palette=Image.ADAPTIVE, colors=16),
    "mono1": base.convert("1"),
    "rgba32": base.convert("RGBA"),
}
for name, image in images.items():
    path = os.path.join(out, name + ".bmp")
    image.save(path)
    with Image.open(path) as read:
        with open(os.path.join(out, name + ".rgb"), "wb") as f:
            f.write(read.convert("RGB").tobytes())
    print(name, os.path.getsize(path))
