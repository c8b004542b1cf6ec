#!/usr/bin/python3
"""Golden PNG and GIF files for the Mnemos.Imaging decoder tests, with the pixels each must decode to.

Independent writers built from the specs with only zlib/struct/numpy: PNG (W3C PNG 2nd ed.:
chunks, CRC, every colour type and bit depth, all five filters chosen per row, Adam7, tRNS,
split and empty IDAT chunks, ancillary chunks) and GIF89a (LZW with its own code-width rule and
two table-full policies, interlace, local tables, transparency, disposal 0-3, loop extension).

Expected pixels follow the decoder's documented output: PNG gray -> 1 channel, RGB/palette -> 3,
anything with alpha (incl. tRNS) -> 4 with gray replicated; samples stored as integers with
"max" = 2^depth - 1 (255 for palette). GIF: full-canvas RGB bytes after compositing.
Run: /usr/bin/python3 make_golden.py  (rewrites png/, gif/, png_cases.json, gif_cases.json).
If PIL is installed, 8-bit PNG cases and GIF first frames that cover the whole screen are
cross-checked against it.
"""
import json
import os
import struct
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)

# ----------------------------------------------------------------------------------------- PNG

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
SPP = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """samples: 1-D ints of one scanline -> packed bytes (MSB-first bits, big-endian 16-bit)."""
    if depth == 16:
        return b"".join(struct.pack(">H", int(s)) for s in samples)
    if depth == 8:
        return bytes(int(s) for s in samples)
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | int(s)
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(ftype, line, prior, bpp):
    out = bytearray(len(line))
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prior[i]
        c = prior[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out[i] = (line[i] - pred) % 256
    return bytes([ftype]) + bytes(out)


def scanlines(stored, depth, spp, first_filter, fixed_filter=None):
    """stored: (h, w, spp) ints -> filtered bytes; row r uses filter (first_filter + r) % 5."""
    h, w, _ = stored.shape
    bpp = max(1, spp * depth // 8)
    prior = bytes(len(pack_row(stored[0].reshape(-1), depth)))
    out = bytearray()
    for r in range(h):
        line = pack_row(stored[r].reshape(-1), depth)
        ftype = (first_filter + r) % 5 if fixed_filter is None else fixed_filter
        out += filter_row(ftype, line, prior, bpp)
        prior = line
    return bytes(out)


def write_png(path, stored, ct, depth, interlace=False, plte=None, trns=None, idat_split=None,
              extra_chunks=(), first_filter=0, fixed_filter=None):
    h, w, spp = stored.shape
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = stored[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += scanlines(sub, depth, spp, first_filter, fixed_filter)
    else:
        raw = scanlines(stored, depth, spp, first_filter, fixed_filter)
    comp = zlib.compress(raw, 9)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ct, 0, 0, int(interlace)))
    for kind, data in extra_chunks:
        out += chunk(kind, data)
    if plte is not None:
        out += chunk(b"PLTE", bytes(int(v) for v in plte.reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    if idat_split:
        out += chunk(b"IDAT", b"")  # an empty IDAT is legal
        for i in range(0, len(comp), idat_split):
            out += chunk(b"IDAT", comp[i:i + idat_split])
    else:
        out += chunk(b"IDAT", comp)
    out += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(out)


def png_case(name, ct, depth, w, h, interlace=False, trns_mode=None, idat_split=None, extra=(), levels=None,
             fixed_filter=None):
    maxv = (1 << depth) - 1
    spp = SPP[ct]
    plte = trns = None
    alpha_pal = None
    if ct == 3:
        entries = min(1 << depth, 200)
        plte = rng.integers(0, 256, size=(entries, 3))
        stored = rng.integers(0, entries, size=(h, w, 1))
        if trns_mode:
            alpha_pal = rng.integers(0, 256, size=5)
            alpha_pal[0] = 0
            trns = bytes(int(a) for a in alpha_pal)
    else:
        stored = rng.integers(0, maxv + 1, size=(h, w, spp))
        if levels is not None:  # few distinct values: Paeth ties (|p-a| == |p-b| etc.) become common
            stored = np.asarray(levels)[rng.integers(0, len(levels), size=(h, w, spp))]
    key = None
    if trns_mode and ct in (0, 2):
        key = stored[0, 0].copy()
        stored[h - 1, w - 1] = key
        stored[h // 2, 0] = key
        trns = b"".join(struct.pack(">H", int(k)) for k in key)

    # Expected decoder output, in output channels.
    if ct == 3:
        rgb = plte[stored[..., 0]]
        if alpha_pal is not None:
            idx = stored[..., 0]
            a = np.where(idx < len(alpha_pal), alpha_pal[np.minimum(idx, len(alpha_pal) - 1)], 255)
            expected = np.concatenate([rgb, a[..., None]], axis=2)
        else:
            expected = rgb
        emax = 255
    else:
        emax = maxv
        if ct == 0:
            expected = stored if key is None else np.concatenate(
                [stored.repeat(3, axis=2), np.where((stored == key).all(axis=2), 0, maxv)[..., None]], axis=2)
        elif ct == 2:
            expected = stored if key is None else np.concatenate(
                [stored, np.where((stored == key).all(axis=2), 0, maxv)[..., None]], axis=2)
        elif ct == 4:
            expected = np.concatenate([stored[..., :1].repeat(3, axis=2), stored[..., 1:]], axis=2)
        else:
            expected = stored
    path = os.path.join(HERE, "png", name + ".png")
    write_png(path, stored, ct, depth, interlace, plte, trns, idat_split, extra, first_filter=len(png_cases) % 5,
              fixed_filter=fixed_filter)
    png_cases.append({"file": "png/" + name + ".png", "width": w, "height": h, "channels": int(expected.shape[2]),
                      "max": emax, "samples": [int(v) for v in expected.reshape(-1)]})
    pil_check(path, expected, ct, depth)


def pil_check(path, expected, ct, depth):
    try:
        from PIL import Image as PilImage
    except ImportError:
        return
    if depth != 8:
        return
    im = PilImage.open(path)
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[expected.shape[2]]
    got = np.asarray(im.convert(mode)).reshape(expected.shape)
    assert (got == expected).all(), f"PIL disagrees on {path}"


png_cases = []
os.makedirs(os.path.join(HERE, "png"), exist_ok=True)
for d in (1, 2, 4, 8, 16):
    png_case(f"gray{d}", 0, d, 7, 5)
for d in (8, 16):
    png_case(f"rgb{d}", 2, d, 7, 5)
for d in (1, 2, 4, 8):
    png_case(f"palette{d}", 3, d, 7, 5)
for d in (8, 16):
    png_case(f"grayalpha{d}", 4, d, 7, 5)
    png_case(f"rgba{d}", 6, d, 7, 5)
png_case("gray1_1x1", 0, 1, 1, 1)
png_case("rgb8_17x9", 2, 8, 17, 9)
png_case("gray8_trns", 0, 8, 6, 5, trns_mode=True)
png_case("gray2_trns", 0, 2, 9, 5, trns_mode=True)
png_case("rgb8_trns", 2, 8, 5, 5, trns_mode=True)
png_case("rgb16_trns", 2, 16, 5, 6, trns_mode=True)
png_case("palette4_trns", 3, 4, 7, 5, trns_mode=True)
png_case("rgba8_split_idat", 6, 8, 9, 7, idat_split=5)
png_case("palette8_split_idat", 3, 8, 6, 6, idat_split=7,
         extra=[(b"gAMA", struct.pack(">I", 45455)), (b"tEXt", b"Comment\x00golden")])
png_case("adam7_gray1", 0, 1, 9, 10, interlace=True)
png_case("adam7_rgba16", 6, 16, 11, 7, interlace=True)
png_case("adam7_palette2", 3, 2, 3, 2, interlace=True)
png_case("adam7_rgb8", 2, 8, 8, 8, interlace=True)
png_case("adam7_gray16_1x1", 0, 16, 1, 1, interlace=True)
png_case("adam7_grayalpha8", 4, 8, 5, 9, interlace=True)
for f, fname in enumerate(["none", "sub", "up", "average", "paeth"]):
    png_case(f"gray8_levels_{fname}", 0, 8, 16, 8, levels=[10, 20, 30, 250], fixed_filter=f)
png_case("rgb16_levels_paeth", 2, 16, 9, 7, levels=[100, 200, 300, 65500], fixed_filter=4)

# ----------------------------------------------------------------------------------------- GIF


def lzw_encode(indices, min_size, deferred_clear=False, end_code=True):
    """Textbook LZW over byte strings. Code width = bits of the largest code assigned so far
    (at least min_size + 1). Table full: emit a clear at once, or (deferred_clear) keep going
    with the full table and 12-bit codes."""
    clear, end = 1 << min_size, (1 << min_size) + 1
    codes = []

    def reset():
        return {bytes([i]): i for i in range(clear)}, clear + 2

    table, nxt = reset()
    width = lambda: max(min_size + 1, (nxt - 1).bit_length())  # noqa: E731
    codes.append((clear, width()))
    w = bytes([indices[0]])
    for k in indices[1:]:
        wk = w + bytes([k])
        if wk in table:
            w = wk
            continue
        codes.append((table[w], width()))
        if nxt < 4096:
            table[wk] = nxt
            nxt += 1
            if nxt == 4096 and not deferred_clear:
                codes.append((clear, 12))
                table, nxt = reset()
        w = bytes([k])
    codes.append((table[w], width()))
    if end_code:
        # Reading the last code the decoder assigns one more entry (it lags the encoder by one),
        # so the end code is as wide as the largest code the decoder then knows: nxt.
        codes.append((end, min(12, max(min_size + 1, nxt.bit_length()))))
    acc, nbits, out = 0, 0, bytearray()
    for code, size in codes:
        acc |= code << nbits
        nbits += size
        while nbits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8
    if nbits:
        out.append(acc & 0xFF)
    return bytes(out)


def sub_blocks(data, size=255):
    out = bytearray()
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += bytes([len(part)]) + part
    return bytes(out) + b"\x00"


def table_bits(n):
    bits = 1
    while (1 << bits) < n:
        bits += 1
    return bits


def color_table(pal):
    bits = table_bits(len(pal))
    padded = np.zeros(((1 << bits), 3), dtype=np.int64)
    padded[:len(pal)] = pal
    return bytes(int(v) for v in padded.reshape(-1)), bits


def gif_case(name, w, h, global_pal, frames, version=b"GIF89a", bg=0, loop=None, block=255):
    """frames: dicts with x, y, idx (h, w) ints, optional local, transparent, disposal, delay,
    interlace, deferred, end_code. Writes the file and the expected composited RGB frames."""
    out = bytearray(version + struct.pack("<HHBBB", w, h, 0, bg, 0))
    if global_pal is not None:
        tab, bits = color_table(global_pal)
        out[10] = 0x80 | 0x70 | (bits - 1)
        out += tab
    if loop is not None:
        out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00"
    background = np.array(global_pal[bg] if global_pal is not None else [0, 0, 0])
    canvas = np.tile(background, (h, w, 1))
    expected = []
    for fr in frames:
        idx = np.asarray(fr["idx"])
        fh, fw = idx.shape
        disposal, transparent = fr.get("disposal", 0), fr.get("transparent")
        if version == b"GIF89a" and (disposal or transparent is not None or fr.get("delay")):
            packed = (disposal << 2) | (1 if transparent is not None else 0)
            out += b"\x21\xf9\x04" + struct.pack("<BHB", packed, fr.get("delay", 0), transparent or 0) + b"\x00"
        packed = 0x40 if fr.get("interlace") else 0
        pal = global_pal
        local = b""
        if fr.get("local") is not None:
            pal = fr["local"]
            local, bits = color_table(pal)
            packed |= 0x80 | (bits - 1)
        out += b"\x2c" + struct.pack("<HHHHB", fr["x"], fr["y"], fw, fh, packed) + local
        rows = idx
        if fr.get("interlace"):
            order = list(range(0, fh, 8)) + list(range(4, fh, 8)) + list(range(2, fh, 4)) + list(range(1, fh, 2))
            rows = idx[order]
        min_size = max(2, table_bits(len(pal)))
        data = lzw_encode([int(v) for v in rows.reshape(-1)], min_size, fr.get("deferred", False), fr.get("end_code", True))
        out += bytes([min_size]) + sub_blocks(data, block)
        # Composite.
        before = canvas.copy()
        pal = np.asarray(pal)
        for yy in range(fh):
            for xx in range(fw):
                cx, cy = fr["x"] + xx, fr["y"] + yy
                if cx < w and cy < h and idx[yy, xx] != transparent:
                    canvas[cy, cx] = pal[idx[yy, xx]]
        expected.append({"delay": fr.get("delay", 0), "rgb": bytes(canvas.astype(np.uint8).reshape(-1)).hex()})
        if disposal == 2:
            canvas[fr["y"]:fr["y"] + fh, fr["x"]:fr["x"] + fw] = background
        elif disposal == 3:
            canvas = before
    out += b"\x3b"
    path = os.path.join(HERE, "gif", name + ".gif")
    with open(path, "wb") as f:
        f.write(bytes(out))
    gif_cases.append({"file": "gif/" + name + ".gif", "width": w, "height": h,
                      "loopCount": -1 if loop is None else loop, "frames": expected})
    first = frames[0]
    if first["x"] or first["y"] or np.asarray(first["idx"]).shape != (h, w):
        return  # PIL fills uncovered screen differently from the spec's background colour
    try:
        from PIL import Image as PilImage
        got = np.asarray(PilImage.open(path).convert("RGB"))
        assert bytes(got.astype(np.uint8).reshape(-1)).hex() == expected[0]["rgb"], f"PIL disagrees on {path}"
    except ImportError:
        pass


gif_cases = []
os.makedirs(os.path.join(HERE, "gif"), exist_ok=True)
pal4 = rng.integers(0, 256, size=(4, 3))
gif_case("gif87a_static", 5, 3, pal4, [{"x": 0, "y": 0, "idx": rng.integers(0, 4, size=(3, 5))}], version=b"GIF87a")
pal16 = rng.integers(0, 256, size=(16, 3))
gif_case("interlaced", 7, 11, pal16, [{"x": 0, "y": 0, "idx": rng.integers(0, 16, size=(11, 7)), "interlace": True}])
gif_case("two_colors", 9, 4, np.array([[0, 0, 0], [255, 255, 255]]), [{"x": 0, "y": 0, "idx": rng.integers(0, 2, size=(4, 9))}])
gif_case("one_pixel", 1, 1, np.array([[10, 20, 30], [40, 50, 60]]), [{"x": 0, "y": 0, "idx": np.array([[1]])}])
pal256 = rng.integers(0, 256, size=(256, 3))
big = rng.integers(0, 256, size=(64, 100))
gif_case("lzw_clear_when_full", 100, 64, pal256, [{"x": 0, "y": 0, "idx": big}], block=200)
gif_case("lzw_deferred_clear", 100, 64, pal256, [{"x": 0, "y": 0, "idx": big, "deferred": True}])
gif_case("no_end_code", 6, 4, pal4, [{"x": 0, "y": 0, "idx": rng.integers(0, 4, size=(4, 6)), "end_code": False}])

pal8 = rng.integers(0, 256, size=(8, 3))
local5 = rng.integers(0, 256, size=(5, 3))
frames = [
    {"x": 1, "y": 0, "idx": rng.integers(0, 8, size=(5, 6)), "disposal": 1, "delay": 5},
    {"x": 2, "y": 1, "idx": rng.integers(0, 5, size=(2, 3)), "local": local5, "transparent": 4, "disposal": 2, "delay": 7},
    {"x": 1, "y": 3, "idx": rng.integers(0, 8, size=(3, 4)), "transparent": 0, "disposal": 3, "delay": 9},
    {"x": 0, "y": 0, "idx": rng.integers(0, 8, size=(2, 2)), "disposal": 0, "delay": 11},
    {"x": 5, "y": 4, "idx": rng.integers(0, 8, size=(3, 4)), "disposal": 2, "delay": 13, "interlace": True},
    {"x": 3, "y": 2, "idx": rng.integers(0, 8, size=(2, 2)), "disposal": 1, "delay": 15},
]
frames[1]["idx"][0, 0] = 4  # make sure the transparent index is used
frames[2]["idx"][1, 1] = 0
gif_case("animation_disposal", 8, 6, pal8, frames, bg=2, loop=3)

with open(os.path.join(HERE, "png_cases.json"), "w") as f:
    json.dump(png_cases, f, separators=(",", ":"))
with open(os.path.join(HERE, "gif_cases.json"), "w") as f:
    json.dump(gif_cases, f, indent=1)
print(f"{len(png_cases)} PNG and {len(gif_cases)} GIF cases written")
