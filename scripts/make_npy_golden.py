#!/usr/bin/python3
"""Write the numpy-made .npy/.npz files the C# tests NpyGoldenTests read.

    /usr/bin/python3 scripts/make_npy_golden.py [DIR]   (default tests/Mnemos.Tests/Formats/golden)

Values follow closed forms the tests recompute: v(i) = i / 8 - 0.5 for i = 0, 1, ... in C order
(exact in float16/32/64), integers i - 3, bytes 17 * i. Each file is a few hundred bytes.
"""
import os
import sys

import numpy as np
from numpy.lib import format as npformat

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "tests", "Mnemos.Tests", "Formats", "golden")
os.makedirs(out, exist_ok=True)


def v(shape, dtype):
    return (np.arange(int(np.prod(shape))) / 8 - 0.5).reshape(shape).astype(dtype)


def save(name, array, version=None):
    with open(os.path.join(out, name), "wb") as f:
        npformat.write_array(f, array, version=version, allow_pickle=True)


save("f4_2x3.npy", v((2, 3), "<f4"))
save("f8_2x3.npy", v((2, 3), "<f8"))
save("f2_2x3.npy", v((2, 3), "<f2"))
save("u1_3x4.npy", (17 * np.arange(12)).reshape(3, 4).astype("|u1"))
save("i8_2x3.npy", (np.arange(6) - 3).reshape(2, 3).astype("<i8"))
save("i4_2x3.npy", (np.arange(6) - 3).reshape(2, 3).astype("<i4"))
save("f4_1d_5.npy", v((5,), "<f4"))
save("f4_2x3x4.npy", v((2, 3, 4), "<f4"))
save("f4_scalar.npy", v((), "<f4"))
save("f4_0x3.npy", v((0, 3), "<f4"))
save("f4_2x3_v2.npy", v((2, 3), "<f4"), version=(2, 0))
save("f4_2x3_v3.npy", v((2, 3), "<f4"), version=(3, 0))
save("f4_fortran_2x3.npy", np.asfortranarray(v((2, 3), "<f4")))
save("f4_bigendian_2x3.npy", v((2, 3), ">f4"))
save("f4_fortran_2x3x4.npy", np.asfortranarray(v((2, 3, 4), "<f4")))
save("f8_bigendian_fortran_2x3.npy", np.asfortranarray(v((2, 3), ">f8")))
save("i4_bigendian_2x3.npy", (np.arange(6) - 3).reshape(2, 3).astype(">i4"))
save("f4_0.npy", v((0,), "<f4"))
save("f4_1234567x0.npy", v((1234567, 0), "<f4"))
save("object_2.npy", np.array([1, "a"], dtype=object))
save("c8_2.npy", np.array([1 + 2j, 3], dtype="<c8"))
save("structured_2.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
np.savez(os.path.join(out, "pair.npz"), a=v((2, 3), "<f4"), b=(17 * np.arange(4)).astype("|u1"))
np.savez_compressed(os.path.join(out, "pair_compressed.npz"), a=v((2, 3), "<f4"), b=(17 * np.arange(4)).astype("|u1"))
print(f"wrote golden .npy/.npz files in {os.path.normpath(out)}")
