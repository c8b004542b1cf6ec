#!/usr/bin/env python3
"""PyTorch side of the certify benchmark: seconds to certify 100 points of a d = 784, width 256,
depth-11 selu MLP (PyTorch default init, points ~ U[0, 1)) the direct way: the full 784×784
Jacobian by torch.autograd.functional.jacobian, then torch.linalg.eigvals, per point. Mnemos.Bench
certify times the same shapes. Run with Debian's python3-torch on OpenBLAS:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX \
    /usr/bin/python3 bench/torch_certify.py --threads 2

Prints one markdown row per variant: eigvals dtype (float64 matches Mnemos' double eigensolver),
vectorized jacobian or not, seconds for all points, ms per certificate, and the split between
jacobian and eigvals.
"""
import argparse
import os
import time

import torch


def build(d, width, depth):
    layers = []
    fan_in = d
    for _ in range(depth):
        layers += [torch.nn.Linear(fan_in, width), torch.nn.SELU()]
        fan_in = width
    layers.append(torch.nn.Linear(fan_in, d))
    return torch.nn.Sequential(*layers)


def certify(net, points, dtype, vectorize):
    jac_s = eig_s = 0.0
    radii = []
    for x in points:
        start = time.perf_counter()
        j = torch.autograd.functional.jacobian(net, x, vectorize=vectorize)
        middle = time.perf_counter()
        eigenvalues = torch.linalg.eigvals(j.to(dtype))
        radii.append(eigenvalues.abs().max().item())
        end = time.perf_counter()
        jac_s += middle - start
        eig_s += end - middle
    return jac_s, eig_s, radii


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--dtypes", default="float64,float32")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    d, width, depth = 784, 256, 11
    net = build(d, width, depth)
    points = torch.rand(args.count, d)
    load = os.getloadavg()[0]
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, certify {args.count} points, "
          f"d = {d}, width {width}, depth {depth}, selu; load {load:.2f}")
    print("| eigvals dtype | jacobian | seconds | ms per certificate | jacobian s | eigvals s |")
    print("|---|---|---|---|---|---|")
    certify(net, points[:2], torch.float64, True)  # warm-up
    for name in args.dtypes.split(","):
        dtype = getattr(torch, name)
        jac_s, eig_s, _ = certify(net, points, dtype, vectorize=True)
        total = jac_s + eig_s
        print(f"| {name} | vectorized | {total:.2f} | {total * 1000 / args.count:.1f} | {jac_s:.2f} | {eig_s:.2f} |", flush=True)


if __name__ == "__main__":
    main()
