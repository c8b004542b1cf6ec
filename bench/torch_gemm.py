#!/usr/bin/env python3
"""PyTorch side of the GEMM benchmark: GFLOP/s of float32 torch.mm for the shapes Mnemos.Bench gemm
measures (same names). Run with Debian's python3-torch on OpenBLAS:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX \
    /usr/bin/python3 bench/torch_gemm.py --threads 2
"""
import argparse
import time

import torch

# name, m, n, k, transpose A, transpose B (C[m×n] = op(A)[m×k]·op(B)[k×n])
SHAPES = [
    ("256³", 256, 256, 256, False, False),
    ("512³", 512, 512, 512, False, False),
    ("1024³", 1024, 1024, 1024, False, False),
    ("2048³", 2048, 2048, 2048, False, False),
    ("fwd 100×1024·1024×256", 100, 256, 1024, False, False),
    ("fwd 100×256·256ᵀ (NT)", 100, 256, 256, False, True),
    ("grad W 256ᵀ·100 (TN)", 256, 1024, 100, True, False),
    ("fwd 500×1024·1024×1024 (NT)", 500, 1024, 1024, False, True),
]


def gflops(m, n, k, ta, tb, repeats=7):
    a = torch.rand(k, m) if ta else torch.rand(m, k)
    b = torch.rand(n, k) if tb else torch.rand(k, n)
    c = torch.empty(m, n)
    opa = a.t() if ta else a
    opb = b.t() if tb else b
    torch.mm(opa, opb, out=c)
    calls = 1
    start = time.perf_counter()
    while time.perf_counter() - start < 0.15:
        torch.mm(opa, opb, out=c)
        calls += 1
    batch = max(1, int(calls * 0.3 / (time.perf_counter() - start)))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(batch):
            torch.mm(opa, opb, out=c)
        samples.append((time.perf_counter() - start) / batch)
    samples.sort()
    return 2.0 * m * n * k / samples[len(samples) // 2] / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"# torch {torch.__version__} mm, threads {torch.get_num_threads()}")
    print("| shape | torch GFLOP/s |")
    print("|---|---|")
    for name, m, n, k, ta, tb in SHAPES:
        print(f"| {name} | {gflops(m, n, k, ta, tb):.1f} |", flush=True)


if __name__ == "__main__":
    main()
