#!/usr/bin/python3
"""Golden values for Mnemos's U-Net from PyTorch's own layers (torch.nn.Conv2d, ConvTranspose2d,
MaxPool2d, torch.cat), written to tests/Mnemos.Tests/Conv/golden/tiny_unet.npz.

The module below is the architecture of src/Mnemos/Conv/UNetSpec.cs with the same state_dict
names. Parameters come from PyTorch's default initialisation (torch.manual_seed(2)), are drawn in
float32 and then evaluated in float64, so the file holds float32-exact parameters and inputs and
float64 answers. Stored: every parameter by name, an input batch, the output, a probe v with the
gradients of <v, f(x)> with respect to the input and every parameter, a tangent u with J·u, and
the losses of full-batch Adam (lr 1e-3) autoencoding of the input batch.

Run with Debian bookworm's python3-torch (1.13) and python3-numpy:
    /usr/bin/python3 scripts/torch_unet_golden.py
"""
import os

import numpy as np
import torch
from torch import nn

CHANNELS, SIZE, DEPTH, BASE, BATCH, ADAM_STEPS = 3, 8, 2, 2, 2, 6
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Mnemos.Tests", "Conv", "golden", "tiny_unet.npz")


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
    print(f"wrote {OUT}: {len(arrays)} arrays, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
