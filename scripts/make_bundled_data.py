#!/usr/bin/python3
"""Builds the small real samples under data/ from Debian packages (see data/README.md).

Run through scripts/make_bundled_data.sh, which installs the packages first. Deterministic for a
given set of package versions: gzip headers carry no time stamp, PNG/GIF come from PIL with fixed
settings, speech from espeak-ng with a fixed voice and rate.
"""
import gzip
import io
import os
import struct
import subprocess
import sys
import tempfile
import wave

import numpy as np
from PIL import Image

FASHION_DIR = "/usr/share/datasets/fashion-mnist"
SKIMAGE_DIR = "/usr/lib/python3/dist-packages/skimage/data"
# (file in the skimage data folder, short name); licences are recorded in data/README.md.
PHOTOS = [("astronaut.png", "astronaut"), ("coffee.png", "coffee"),
          ("chelsea.png", "chelsea"), ("rocket.jpg", "rocket")]
WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight"]
SPEECH_RATE = 22050  # espeak-ng's native rate; one word per second, as in the study's speech cycle


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def gzip_bytes(raw):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as g:
        g.write(raw)
    return buffer.getvalue()


def idx_prefix(source, count):
    """First `count` items of an IDX .gz file, with the count field in the header rewritten."""
    raw = gzip.open(source, "rb").read()
    magic, declared = struct.unpack(">II", raw[:8])
    ndims = magic & 0xFF
    dims = struct.unpack(">" + "I" * (ndims - 1), raw[8:4 + 4 * ndims])
    header_size = 4 + 4 * ndims
    item_size = int(np.prod(dims)) if dims else 1
    assert count <= declared, (source, count, declared)
    header = struct.pack(">II", magic, count) + raw[8:header_size]
    return header + raw[header_size:header_size + count * item_size]


def make_fashion(out):
    for split, count in (("train", 2000), ("t10k", 1000)):
        for kind, dims in (("images", "idx3"), ("labels", "idx1")):
            source = os.path.join(FASHION_DIR, f"{split}-{kind}-{dims}-ubyte.gz")
            target = os.path.join(out, "fashion-mnist", f"{split}-{kind}-{count}-{dims}-ubyte.gz")
            write_bytes(target, gzip_bytes(idx_prefix(source, count)))


def save_png(image, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image.save(path, format="PNG", optimize=False, compress_level=9)


def centre_square(image):
    w, h = image.size
    side = min(w, h)
    left, top = (w - side) // 2, (h - side) // 2
    return image.crop((left, top, left + side, top + side))


def tiles(image, side):
    """Non-overlapping side×side tiles from the top-left corner; partial tiles are dropped."""
    w, h = image.size
    for r in range(h // side):
        for c in range(w // side):
            yield r, c, image.crop((c * side, r * side, (c + 1) * side, (r + 1) * side))


def make_photos(out):
    for filename, name in PHOTOS:
        photo = Image.open(os.path.join(SKIMAGE_DIR, filename)).convert("RGB")
        square = centre_square(photo)
        for side in (64, 32):
            save_png(square.resize((side, side), Image.BOX), os.path.join(out, "images", "photos", f"{name}-{side}.png"))
        # Patches: the photo shrunk by 2 (64-pixel tiles) or by 4 (32-pixel tiles), then tiled.
        for side, factor in ((64, 2), (32, 4)):
            w, h = photo.size
            small = photo.resize((w // factor, h // factor), Image.BOX)
            for r, c, tile in tiles(small, side):
                save_png(tile, os.path.join(out, "images", f"patches{side}", f"{name}-r{r}c{c}.png"))


def make_pan_video(out, frames=24, side=64):
    """A camera pan across the CC0 cat photo and back: frames for storing a cycle."""
    photo = Image.open(os.path.join(SKIMAGE_DIR, "chelsea.png")).convert("RGB")
    w, h = photo.size
    small = photo.resize((w // 2, h // 2), Image.BOX)  # 225×150
    sw, sh = small.size
    half = frames // 2
    top = (sh - side) // 2
    positions = [round(i * (sw - side) / half) for i in range(half)]
    positions += [round((half - i) * (sw - side) / half) for i in range(half)]
    crops = [small.crop((x, top, x + side, top + side)) for x in positions]
    # One palette for all frames, no dithering, so a frame decodes to the same colours every time.
    sheet = Image.new("RGB", (side, side * frames))
    for i, crop in enumerate(crops):
        sheet.paste(crop, (0, i * side))
    palette = sheet.quantize(colors=256, method=Image.MEDIANCUT, dither=Image.Dither.NONE)
    indexed = [c.quantize(palette=palette, dither=Image.Dither.NONE) for c in crops]
    path = os.path.join(out, "video", f"chelsea-pan-{frames}x{side}.gif")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    indexed[0].save(path, format="GIF", save_all=True, append_images=indexed[1:], duration=80, loop=0,
                    optimize=False, disposal=1)


def synthesize(word, path):
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", path, word], check=True)
    with wave.open(path, "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SPEECH_RATE), w.getparams()
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def make_speech(out):
    """Eight spoken digits, each trimmed of silence and centred in its own one-second slot."""
    slots = []
    with tempfile.TemporaryDirectory() as tmp:
        for word in WORDS:
            samples = synthesize(word, os.path.join(tmp, word + ".wav"))
            loud = np.nonzero(np.abs(samples.astype(np.int32)) > 200)[0]
            samples = samples[loud[0]:loud[-1] + 1]
            assert len(samples) <= SPEECH_RATE, (word, len(samples))
            slot = np.zeros(SPEECH_RATE, dtype="<i2")
            start = (SPEECH_RATE - len(samples)) // 2
            slot[start:start + len(samples)] = samples
            slots.append(slot)
    path = os.path.join(out, "speech", "counting.wav")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SPEECH_RATE)
        w.writeframes(np.concatenate(slots).tobytes())


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data")
    make_fashion(out)
    make_photos(out)
    make_pan_video(out)
    make_speech(out)


if __name__ == "__main__":
    main()
