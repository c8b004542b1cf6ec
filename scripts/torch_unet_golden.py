#!/usr/bin/python3
"""Golden values for Mnemos's U-Net from PyTorch's own layers (torch.nn.Conv2d, ConvTranspose2d,
MaxPool2d, torch.cat), written to tests/Mnemos.Tests/Conv/golden/tiny_unet.npz.

The module below is the architecture of src/Mnemos/Conv/UNetSpec.cs with the same state_dict
names. Parameters come from PyTorch's default initialisation (torch.manual_seed(2)), are drawn in
float32 and then evaluated in float64, so the file holds float32-exact parameters and inputs and
float64 answers. Stored: every parameter by name, an input batch, the output, a probe v with the
gradients of <v, f(x)> with respect to the input and every parameter, a tangent u with J·u, and
the losses of full-batch Adam (lr 1e-3) autoencoding of the input batch.

It also writes golden/tiny_unet.safetensors: the same parameters as a Mnemos model file, written
by hand from torch's state_dict. `--check FILE` loads a Mnemos-written model file into the torch
module and compares its output on the golden input with the golden output.

Run with Debian bookworm's python3-torch (1.13) and python3-numpy:
    /usr/bin/python3 scripts/torch_unet_golden.py
    /usr/bin/python3 scripts/torch_unet_golden.py --check model.safetensors
"""
import json
import os
import struct

import numpy as np
import torch
from torch import nn

CHANNELS, SIZE, DEPTH, BASE, BATCH, ADAM_STEPS = 3, 8, 2, 2, 2, 6
GOLDEN = os.path.join(os.path.dirname(__file__), "..", "tests", "Mnemos.Tests", "Conv", "golden")
OUT = os.path.join(GOLDEN, "tiny_unet.npz")
MODEL = os.path.join(GOLDEN, "tiny_unet.safetensors")


class DoubleConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)

    def forward(self, x):
        return torch.relu(self.conv2(torch.relu(self.conv1(x))))


class UNet(nn.Module):
    def __init__(self, channels, depth, base):
        super().__init__()
        c = [base << level for level in range(depth + 1)]
        self.enc = nn.ModuleList([DoubleConv(channels if l == 0 else c[l - 1], c[l]) for l in range(depth)])
        self.bottom = DoubleConv(channels if depth == 0 else c[depth - 1], c[depth])
        self.up = nn.ModuleList([nn.ConvTranspose2d(c[l + 1], c[l], 2, stride=2) for l in range(depth)])
        self.dec = nn.ModuleList([DoubleConv(2 * c[l], c[l]) for l in range(depth)])
        self.head = nn.Conv2d(c[0], channels, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        skips = []
        for block in self.enc:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottom(x)
        for l in reversed(range(len(self.up))):
            x = self.dec[l](torch.cat([skips[l], self.up[l](x)], dim=1))
        return self.head(x)


def write_safetensors(path, tensors, metadata):
    """safetensors by hand (the format is a length, a JSON header and raw little-endian bytes)."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    """A Mnemos model file as (metadata, {name: float32 array}): what torch's load_state_dict takes."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = {name: np.frombuffer(data[b:e], dtype="<f4").reshape(info["shape"])
               for name, info in header.items() for b, e in [info["data_offsets"]]}
    return metadata, tensors


def main():
    torch.manual_seed(2)
    net = UNet(CHANNELS, DEPTH, BASE)
    x = torch.rand(BATCH, CHANNELS, SIZE, SIZE)
    v = torch.rand(BATCH, CHANNELS, SIZE, SIZE) * 2 - 1
    u = torch.rand(BATCH, CHANNELS, SIZE, SIZE) * 2 - 1
    net = net.double()
    arrays = {name: p.detach().float().numpy() for name, p in net.state_dict().items()}
    x, v, u = x.double(), v.double(), u.double()

    xg = x.clone().requires_grad_(True)
    y = net(xg)
    (y * v).sum().backward()
    arrays.update(input=x.float().numpy(), output=y.detach().numpy(), probe=v.float().numpy(),
                  input_grad=xg.grad.numpy().copy(), tangent=u.float().numpy())
    for name, p in net.named_parameters():
        arrays["grad." + name] = p.grad.numpy().copy()  # later steps reuse .grad in place
    _, ju = torch.autograd.functional.jvp(net, x, u)
    arrays["jvp"] = ju.numpy()

    net.zero_grad()
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    losses = []
    for _ in range(ADAM_STEPS + 1):
        loss = ((net(x) - x) ** 2).mean()
        losses.append(loss.item())
        adam.zero_grad()
        loss.backward()
        adam.step()
    arrays["adam_losses"] = np.array(losses)

    np.savez(OUT, **arrays)
    write_safetensors(MODEL, {name: arrays[name] for name in net.state_dict()}, {
        "format": "mnemos.unet", "format_version": "1", "image_channels": str(CHANNELS), "height": str(SIZE),
        "width": str(SIZE), "depth": str(DEPTH), "base_channels": str(BASE), "kernel": "3", "activation": "relu"})
    print(f"wrote {OUT}: {len(arrays)} arrays, {os.path.getsize(OUT)} bytes")


def load(path):
    """Loads a Mnemos U-Net model file into the torch module (the loader docs/unet.md shows)."""
    metadata, tensors = read_safetensors(path)
    if metadata.get("format") != "mnemos.unet" or metadata.get("activation") != "relu":
        raise SystemExit(f"{path}: not a ReLU mnemos.unet file ({metadata})")
    net = UNet(int(metadata["image_channels"]), int(metadata["depth"]), int(metadata["base_channels"]))
    net.load_state_dict({name: torch.from_numpy(array.copy()) for name, array in tensors.items()})
    return net


def check(path):
    """Runs a Mnemos-written copy of the tiny U-Net on the golden input and compares with the golden output."""
    golden = np.load(OUT)
    with torch.no_grad():
        y = load(path).double()(torch.from_numpy(golden["input"]).double()).numpy()
    print(f"{path}: max |torch(x) - golden| = {np.abs(y - golden['output']).max():.3g}")


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        main()
