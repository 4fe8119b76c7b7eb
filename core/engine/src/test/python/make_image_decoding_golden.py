"""Golden figures for ImageDecodingGoldenTest: image decoding as the image-folder dataset does it.

The reference is torchvision's preprocessing as PIL does it: Image.resize(..., BILINEAR) (the
antialiased triangle filter) for the resize, Image.convert("L") for grey from colour, and
Resize(size) + CenterCrop(size) for a different aspect. Each case writes a PNG made from seeded
random pixels and the pixels PIL makes of it; the test decodes the same PNG with the dataset's
decoder and compares. Resizing in float ("F" mode) checks the filter itself (tolerance 1e-3);
8-bit results may differ by one level where PIL's fixed-point rounding does.

    /usr/bin/python3 core/engine/src/test/python/make_image_decoding_golden.py

Files: core/engine/src/test/resources/golden/image-decoding/*.png and image-decoding.json
"""

import json
import os

import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "resources", "golden")
IMAGES = os.path.join(OUT, "image-decoding")


def resize_then_crop(image, height, width):
    """torchvision Resize(min side) + CenterCrop, generalised to a height x width target."""
    w, h = image.size
    scale = max(height / h, width / w)
    rh, rw = max(height, round(h * scale)), max(width, round(w * scale))
    resized = image.resize((rw, rh), Image.BILINEAR) if (rh, rw) != (h, w) else image
    top, left = (rh - height) // 2, (rw - width) // 2
    return resized.crop((left, top, left + width, top + height))


def main():
    os.makedirs(IMAGES, exist_ok=True)
    rng = np.random.default_rng(20261206)
    cases = []
    specs = [
        # name, mode, (h, w) of the file, channels read, (h, w) target
        ("grey-shrink", "L", (29, 23), 1, (11, 11)),
        ("grey-grow", "L", (7, 9), 1, (16, 16)),
        ("grey-same", "L", (12, 12), 1, (12, 12)),
        ("rgb-shrink-aspect", "RGB", (40, 25), 3, (16, 16)),
        ("rgb-to-grey", "RGB", (20, 20), 1, (10, 10)),
        ("grey-to-rgb", "L", (10, 10), 3, (10, 10)),
    ]
    for name, mode, (h, w), channels, (th, tw) in specs:
        shape = (h, w) if mode == "L" else (h, w, 3)
        pixels = rng.integers(0, 256, size=shape, dtype=np.uint8)
        image = Image.fromarray(pixels, mode)
        file = name + ".png"
        image.save(os.path.join(IMAGES, file))
        converted = image.convert("L" if channels == 1 else "RGB")
        planes_u8 = np.asarray(resize_then_crop(converted, th, tw), dtype=np.uint8)
        bands = [converted] if channels == 1 else list(converted.split())
        planes_f = [np.asarray(resize_then_crop(b.convert("F"), th, tw), dtype=np.float32)
                    for b in bands]
        if channels == 3:
            planes_u8 = planes_u8.transpose(2, 0, 1)
        else:
            planes_u8 = planes_u8[None]
        cases.append({
            "file": file, "channels": channels, "height": th, "width": tw,
            "pixels_u8": planes_u8.reshape(-1).tolist(),
            "pixels_float": np.stack(planes_f).reshape(-1).tolist(),
        })
    with open(os.path.join(OUT, "image-decoding.json"), "w") as f:
        json.dump({"generator": "make_image_folder_golden.py", "pillow": PIL.__version__,
                   "cases": cases}, f)


if __name__ == "__main__":
    main()
