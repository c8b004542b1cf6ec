#!/usr/bin/python3
"""The study's large memory trained in PyTorch, for `mnemos import` to certify.

PNAS 2020 (arXiv 1909.12362 v1), Fig. 2 / Materials and Methods: 500 grayscale 32x32 images in an
11 x 1024 cosid autoencoder, PyTorch's default initialization, full-batch Adam at a constant 1e-4,
MSE loss, until the MSE is below 1e-8. Here the images are the first 500 bundled Fashion-MNIST
training images zero-padded to 32x32 (as `mnemos experiment recovery` pads them; grayscale CIFAR-10
is not bundled). The network is nn.Sequential(Linear, Cosid, ..., Linear): keys 0.*, 2.*, ..., 22.*,
which `mnemos import --activation cosid` reads.

    python3 scripts/torch_large_memory.py --out DIR [--seconds S] [--device cuda|cpu] [--shards K]
                                          [--images N] [--width W] [--depth L] [--max-epochs E]

Writes into DIR:
  data.npy                 the stored rows [N x 1024], float32 in [0, 1]
  model-K-of-M.safetensors the state dict split over M files (layers in order; a file per shard keeps
                           each under 16 MiB), joined by `join` below into one file for mnemos
  curve.csv                epoch, MSE every 1,000 epochs and at the end
  run.json                 settings, epochs, final MSE, seconds, device, whether the target was met

    python3 scripts/torch_large_memory.py join DIR OUT.safetensors

joins the shards. Stopping is checked every 100 epochs (one host-device synchronisation each), so
the reported epoch is the first multiple of 100 at which the MSE is below the target. TF32 is off:
every product is float32, as in Mnemos. Deterministic algorithms are asked for, so a rerun on the
same GPU and software gives the same weights.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, "..", "data", "fashion-mnist", "train-images-2000-idx3-ubyte.gz")


class Cosid(nn.Module):
    """Mnemos's cosid: cos(x) - x."""

    def forward(self, x):
        return torch.cos(x) - x


def padded_images(count):
    """The first `count` bundled Fashion-MNIST training images, k/255, zero-padded by 2 to 32x32."""
    with gzip.open(IMAGES, "rb") as f:
        blob = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", blob[:16])
    if magic != 2051 or count > n:
        sys.exit(f"{IMAGES}: not an IDX image file with {count} images (magic {magic}, {n} images)")
    pixels = np.frombuffer(blob[16:16 + count * rows * cols], dtype=np.uint8).reshape(count, rows, cols)
    out = np.zeros((count, 32, 32), dtype=np.float32)
    out[:, 2:30, 2:30] = pixels.astype(np.float32) / 255.0
    return out.reshape(count, 1024)


def network(d, width, depth):
    layers = [nn.Linear(d, width)]
    for _ in range(depth - 1):
        layers += [Cosid(), nn.Linear(width, width)]
    layers += [Cosid(), nn.Linear(width, d)]
    return nn.Sequential(*layers)


def save_file(tensors, path):
    """safetensors as safetensors.torch.save_file writes it: sorted names, header padded to 8."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        blob = tensors[name].detach().cpu().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    os.replace(tmp, path)


def read_file(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    return {k: torch.from_numpy(np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype="<f4")
                                .reshape(v["shape"]).copy()) for k, v in header.items() if k != "__metadata__"}


def save_shards(model, out, shards):
    state = model.state_dict()
    linear = sorted({int(k.split(".")[0]) for k in state})
    per = -(-len(linear) // shards)
    for s in range(shards):
        keep = set(linear[s * per:(s + 1) * per])
        save_file({k: v for k, v in state.items() if int(k.split(".")[0]) in keep},
                  os.path.join(out, f"model-{s + 1}-of-{shards}.safetensors"))


def join(folder, target):
    tensors = {}
    names = sorted(f for f in os.listdir(folder) if f.startswith("model-") and f.endswith(".safetensors"))
    if not names:
        sys.exit(f"{folder}: no model-K-of-M.safetensors shards")
    for name in names:
        tensors.update(read_file(os.path.join(folder, name)))
    save_file(tensors, target)
    print(f"{target}: {len(tensors)} tensors from {len(names)} shards")


def train(args):
    os.makedirs(args.out, exist_ok=True)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.use_deterministic_algorithms(True)
    device = torch.device(args.device)

    x_host = padded_images(args.images)
    np.save(os.path.join(args.out, "data.npy"), x_host)
    torch.manual_seed(args.seed)
    model = network(x_host.shape[1], args.width, args.depth).to(device)
    x = torch.from_numpy(x_host).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, foreach=True)
    loss_fn = nn.MSELoss()

    curve, epoch, mse, reached = [], 0, float("nan"), False
    start = time.time()
    while epoch < args.max_epochs:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), x)
        loss.backward()
        optimizer.step()
        epoch += 1
        if epoch % 100 == 0 or epoch == args.max_epochs:
            # The loss of the weights before this step; measure the weights we keep instead.
            with torch.no_grad():
                mse = loss_fn(model(x), x).item()
            if epoch % 1000 == 0:
                curve.append((epoch, mse))
                print(f"epoch {epoch} mse {mse:.3e} {time.time() - start:.0f} s", flush=True)
            if not np.isfinite(mse):
                break
            if mse < args.target:
                reached = True
                break
            if time.time() - start > args.seconds:
                break
    seconds = time.time() - start
    curve.append((epoch, mse))
    save_shards(model, args.out, args.shards)
    with open(os.path.join(args.out, "curve.csv"), "w") as f:
        f.write("epoch,mse\n" + "".join(f"{e},{m:.6e}\n" for e, m in curve))
    run = {"images": args.images, "dimension": int(x_host.shape[1]), "width": args.width, "depth": args.depth,
           "activation": "cosid", "init": "pytorch", "optimizer": "adam", "lr": args.lr, "seed": args.seed,
           "target_mse": args.target, "epochs": epoch, "mse": mse, "target_met": reached, "seconds": round(seconds, 1),
           "seconds_per_epoch": seconds / max(epoch, 1), "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu",
           "torch": torch.__version__, "tf32": False,
           "stopped_by": "target" if reached else ("non-finite loss" if not np.isfinite(mse) else
                                                   ("max epochs" if epoch >= args.max_epochs else "time limit"))}
    with open(os.path.join(args.out, "run.json"), "w") as f:
        json.dump(run, f, indent=2)
    print(json.dumps(run))
    return 0 if reached else 3


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "join":
        if len(sys.argv) != 4:
            sys.exit("usage: torch_large_memory.py join DIR OUT.safetensors")
        join(sys.argv[2], sys.argv[3])
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--seconds", type=float, default=480)
    p.add_argument("--device", default="cuda")
    p.add_argument("--shards", type=int, default=4)
    p.add_argument("--images", type=int, default=500)
    p.add_argument("--width", type=int, default=1024)
    p.add_argument("--depth", type=int, default=11)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--target", type=float, default=1e-8)
    p.add_argument("--max-epochs", type=int, default=1_000_000)
    return train(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
