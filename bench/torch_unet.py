#!/usr/bin/env python3
"""PyTorch side of the U-Net benchmark: ms/epoch of full-batch Adam (lr 1e-4) autoencoding 10
random 32x32x3 images with the U-Net of scripts/torch_unet_golden.py (the architecture of
src/Mnemos/Conv/UNetSpec.cs), and seconds for the spectral radius of J at one image by
torch.autograd.functional.jacobian + torch.linalg.eigvals (dense 3,072 x 3,072). Run with:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=Haswell \
    /usr/bin/python3 bench/torch_unet.py --threads 2
"""
import argparse
import importlib.util
import os
import time

import torch


def load_unet():
    path = os.path.join(os.path.dirname(__file__), "..", "scripts", "torch_unet_golden.py")
    spec = importlib.util.spec_from_file_location("torch_unet_golden", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.UNet


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--base", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--certify", action="store_true", help="also time the dense Jacobian eigenvalues")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(2)
    net = load_unet()(3, args.depth, args.base)
    x = torch.rand(10, 3, 32, 32)
    adam = torch.optim.Adam(net.parameters(), lr=1e-4)

    def epoch():
        loss = ((net(x) - x) ** 2).mean()
        adam.zero_grad()
        loss.backward()
        adam.step()

    epoch()
    times = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - start)
    times.sort()
    params = sum(p.numel() for p in net.parameters())
    certify = "-"
    if args.certify:
        start = time.perf_counter()
        j = torch.autograd.functional.jacobian(lambda v: net(v.view(1, 3, 32, 32)).flatten(), x[0].flatten())
        rho = torch.linalg.eigvals(j.double()).abs().max().item()
        certify = f"{time.perf_counter() - start:.2f} (dense, rho {rho:.6g})"
    print(f"# PyTorch {torch.__version__}, U-Net depth {args.depth}, base {args.base}, {params} parameters, {args.threads} threads")
    print(f"| torch | {times[len(times) // 2] * 1e3:.0f} | {certify} |")


if __name__ == "__main__":
    main()
