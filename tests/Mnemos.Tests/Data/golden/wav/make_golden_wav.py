#!/usr/bin/python3
"""Writes the small WAV files beside this script and expected.json, the mono samples a correct
reader must produce: integer codes scaled (u8: (b-128)/128, s16: /32768, s24: /2^23,
s32: /2^31), floats as stored, then the mean over channels in float64.

PCM files with 1 to 4 bytes per sample come from Python's `wave` module; float, extensible and
odd-chunk files get their headers from `struct`, following the RIFF/WAVE layout. Run with
/usr/bin/python3 (numpy needed); the output is deterministic.
"""
import json
import os
import struct
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMES = 32
RATE = 8000
# KSDATAFORMAT_SUBTYPE_{PCM,IEEE_FLOAT}: tag in the first two bytes, then this fixed tail.
GUID_TAIL = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])


def pcm_codes(rng, bits, channels):
    if bits == 8:
        codes = rng.integers(0, 256, size=(FRAMES, channels))
        codes[0, 0], codes[1, 0] = 0, 255
        return codes.astype(np.uint8)
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    codes = rng.integers(low, high + 1, size=(FRAMES, channels), dtype=np.int64)
    codes[0, 0], codes[1, 0], codes[2, 0] = low, high, 0
    return codes


def pcm_bytes(codes, bits):
    if bits == 8:
        return codes.astype(np.uint8).tobytes()
    if bits == 24:
        flat = codes.reshape(-1).astype(np.int64) & 0xFFFFFF
        return b"".join(struct.pack("<I", int(v))[:3] for v in flat)
    return codes.astype({16: "<i2", 32: "<i4"}[bits]).tobytes()


def pcm_mono(codes, bits):
    if bits == 8:
        scaled = (codes.astype(np.float64) - 128.0) / 128.0
    else:
        scaled = codes.astype(np.float64) / float(1 << (bits - 1))
    return scaled.mean(axis=1)


def write_with_wave(name, codes, bits):
    with wave.open(os.path.join(HERE, name), "wb") as w:
        w.setnchannels(codes.shape[1])
        w.setsampwidth(bits // 8)
        w.setframerate(RATE)
        w.writeframes(pcm_bytes(codes, bits))


def chunk(cc, payload):
    pad = b"\0" if len(payload) % 2 else b""
    return cc + struct.pack("<I", len(payload)) + payload + pad


def fmt_plain(tag, channels, bits, extra=b""):
    block = channels * bits // 8
    body = struct.pack("<HHIIHH", tag, channels, RATE, RATE * block, block, bits)
    return chunk(b"fmt ", body + extra)


def fmt_extensible(subtag, channels, bits, valid_bits):
    block = channels * bits // 8
    body = struct.pack("<HHIIHH", 0xFFFE, channels, RATE, RATE * block, block, bits)
    ext = struct.pack("<HHI", 22, valid_bits, 0) + struct.pack("<H", subtag) + GUID_TAIL
    return chunk(b"fmt ", body + ext)


def write_riff(name, chunks):
    body = b"WAVE" + b"".join(chunks)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def main():
    rng = np.random.default_rng(20240611)
    expected = {}

    def record(name, channels, bits, fmt, mono):
        expected[name] = {"sampleRate": RATE, "channels": channels, "bits": bits, "format": fmt,
                          "mono": [float(v) for v in mono]}

    for name, bits, channels in [("u8_mono.wav", 8, 1), ("s16_mono.wav", 16, 1), ("s16_stereo.wav", 16, 2),
                                 ("s24_mono.wav", 24, 1), ("s32_mono.wav", 32, 1)]:
        codes = pcm_codes(rng, bits, channels)
        write_with_wave(name, codes, bits)
        record(name, channels, bits, "Pcm", pcm_mono(codes, bits))

    f32 = rng.uniform(-1, 1, size=(FRAMES, 1)).astype("<f4")
    write_riff("f32_mono.wav", [fmt_plain(3, 1, 32, struct.pack("<H", 0)),
                                chunk(b"fact", struct.pack("<I", FRAMES)), chunk(b"data", f32.tobytes())])
    record("f32_mono.wav", 1, 32, "Float", f32.astype(np.float64).mean(axis=1))

    f64 = rng.uniform(-1, 1, size=(FRAMES, 2)).astype("<f8")
    write_riff("f64_stereo.wav", [fmt_plain(3, 2, 64, struct.pack("<H", 0)),
                                  chunk(b"fact", struct.pack("<I", FRAMES)), chunk(b"data", f64.tobytes())])
    record("f64_stereo.wav", 2, 64, "Float", f64.mean(axis=1))

    codes = pcm_codes(rng, 24, 3)
    write_riff("ext_s24_3ch.wav", [fmt_extensible(1, 3, 24, 24), chunk(b"data", pcm_bytes(codes, 24))])
    record("ext_s24_3ch.wav", 3, 24, "Pcm", pcm_mono(codes, 24))

    ef32 = rng.uniform(-1, 1, size=(FRAMES, 2)).astype("<f4")
    write_riff("ext_f32_stereo.wav", [fmt_extensible(3, 2, 32, 32),
                                      chunk(b"fact", struct.pack("<I", FRAMES)), chunk(b"data", ef32.tobytes())])
    record("ext_f32_stereo.wav", 2, 32, "Float", ef32.astype(np.float64).mean(axis=1))

    # Unknown chunks with odd sizes (each followed by a pad byte) before and after the data.
    codes = pcm_codes(rng, 16, 1)
    write_riff("s16_odd_chunks.wav", [chunk(b"LIST", b"INFOx"), fmt_plain(1, 1, 16), chunk(b"junk", b"abc"),
                                      chunk(b"data", pcm_bytes(codes, 16)), chunk(b"id3 ", b"tag")])
    record("s16_odd_chunks.wav", 1, 16, "Pcm", pcm_mono(codes, 16))

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
