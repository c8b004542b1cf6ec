#!/usr/bin/env python3
"""PyTorch side of the recall benchmark: 10,000 inputs iterated 1,000 times through the config-E
network (d = 2, width 256, depth 5, selu, weights and biases ~ U[-0.1, 0.1]), batched: x = net(x)
under torch.no_grad(). A second row also computes each row's step norm ||f(x) - x|| every step,
the least a recall must do to stop rows. Mnemos.Bench recall times the same. Run with:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX \
    /usr/bin/python3 bench/torch_recall.py --threads 2
"""
import argparse
import os
import time

import torch


def build(d, width, depth, a):
    layers = []
    fan_in = d
    for _ in range(depth):
        layers += [torch.nn.Linear(fan_in, width), torch.nn.SELU()]
        fan_in = width
    layers.append(torch.nn.Linear(fan_in, d))
    net = torch.nn.Sequential(*layers)
    with torch.no_grad():
        for p in net.parameters():
            p.uniform_(-a, a)
    return net


def run(net, x, steps, with_norms):
    with torch.no_grad():
        start = time.perf_counter()
        for _ in range(steps):
            y = net(x)
            if with_norms:
                torch.linalg.vector_norm(y - x, dim=1)
            x = y
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--inputs", type=int, default=10000)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = build(2, 256, 5, 0.1)
    x = torch.rand(args.inputs, 2) * 2 - 1
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, recall {args.inputs} inputs x {args.steps} steps, "
          f"config E (d = 2, width 256, depth 5, selu, U[-0.1, 0.1]); load {os.getloadavg()[0]:.2f}")
    print("| what | seconds | us per input-step |")
    print("|---|---|---|")
    run(net, x[:64], 10, True)  # warm-up
    for label, norms in (("x = net(x)", False), ("x = net(x) + step norms", True)):
        seconds = run(net, x, args.steps, norms)
        print(f"| {label} | {seconds:.2f} | {seconds * 1e6 / (args.inputs * args.steps):.3f} |", flush=True)


if __name__ == "__main__":
    main()
