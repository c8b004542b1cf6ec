#!/usr/bin/env python3
"""PyTorch side of the training benchmark: ms/epoch of full-batch Adam (lr 1e-4) on random data
for the configurations of docs/benchmarks.md. Run with Debian's python3-torch on OpenBLAS:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX \
    /usr/bin/python3 bench/torch_train.py --threads 2

Prints one markdown row per configuration: name, n, d, width, depth, activation, ms/epoch (median).
"""
import argparse
import math
import time

import torch

CONFIGS = {
    "A": (100, 784, 256, 11, "selu"),
    "B": (100, 1024, 256, 11, "cosid"),
    "C": (500, 1024, 1024, 11, "cosid"),
    "D": (100, 784, 512, 31, "selu"),
    "E": (6, 2, 256, 5, "selu"),
}


class Cosid(torch.nn.Module):
    def forward(self, x):
        return torch.cos(x) - x


def activation(name):
    return {"selu": torch.nn.SELU(), "cosid": Cosid(), "relu": torch.nn.ReLU()}[name]


def build(d, width, depth, act):
    layers = []
    fan_in = d
    for _ in range(depth):
        layers += [torch.nn.Linear(fan_in, width), activation(act)]
        fan_in = width
    layers.append(torch.nn.Linear(fan_in, d))
    return torch.nn.Sequential(*layers)


def bench(n, d, width, depth, act, epochs, repeats):
    torch.manual_seed(0)
    x = torch.rand(n, d)
    net = build(d, width, depth, act)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)

    def epoch():
        opt.zero_grad()
        loss = torch.mean((net(x) - x) ** 2)
        loss.backward()
        opt.step()

    for _ in range(max(3, epochs // 5)):
        epoch()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(epochs):
            epoch()
        samples.append((time.perf_counter() - start) * 1000 / epochs)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--configs", default="ABCDE")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}")
    print("| config | n | d | width | depth | activation | torch ms/epoch |")
    print("|---|---|---|---|---|---|---|")
    for name in args.configs:
        n, d, width, depth, act = CONFIGS[name]
        flops = 6 * n * (d * width + (depth - 1) * width * width + width * d)
        epochs = max(5, min(200, int(2e10 / flops)))
        ms = bench(n, d, width, depth, act, epochs, args.repeats)
        print(f"| {name} | {n} | {d} | {width} | {depth} | {act} | {ms:.2f} |", flush=True)


if __name__ == "__main__":
    main()
