#!/usr/bin/python3
"""PyTorch state dicts for `mnemos import`, `mnemos export` and `train --init-from`.

Golden mode writes small seeded models into tests/Mnemos.Tests/Storage/golden/ exactly as a
PyTorch user saves them (safetensors.torch.save_file(model.state_dict()), no metadata), with
inputs and torch's outputs, so the C# tests (TorchStateDictGoldenTests) check Mnemos against
torch without torch installed:

    /usr/bin/python3 scripts/torch_state_dict_golden.py make-golden [--dir DIR]

  torch_selu_init.safetensors      Net().layers = Sequential(Linear(8,16), SELU, Dropout(0),
                                   Linear(16,16), SELU, Linear(16,8)) at torch.manual_seed(2024):
                                   keys layers.0.*, layers.3.*, layers.5.* (a prefix and index gaps)
  torch_selu_examples.npy          4 examples in [0, 1]^8 to store
  torch_selu_adam20.safetensors    the weights after 20 full-batch Adam steps (lr 1e-3) from
  torch_selu_adam20.losses.npy     _init on _examples with MSELoss, and the loss before each step
                                   and after the last (21 values): train --init-from must match
  torch_selu_trained.safetensors   the same run continued until MSE <= 1e-9: a memory trained in torch
  torch_selu_trained.inputs.npy    5 inputs and torch's float32 outputs of _trained
  torch_selu_trained.outputs.npy
  torch_cosid_f64.safetensors      nn.Sequential(Linear(8,12), Cosid, Linear(12,12), Cosid,
                                   Linear(12,8)).double(): keys 0.*, 2.*, 4.* in F64, no prefix
  torch_cosid_f64.inputs.npy       5 inputs and torch's float64 outputs (stored as float32)
  torch_cosid_f64.outputs.npy

Check mode loads a file written by `mnemos export` with the loader of docs/pytorch.md and checks
that torch reproduces outputs Mnemos computed (exit status 1 on mismatch):

    /usr/bin/python3 scripts/torch_state_dict_golden.py check-export model.safetensors ACTIVATION inputs.npy outputs.npy

The safetensors format is read and written by hand (the safetensors package is not needed): an
8-byte little-endian header length, the JSON header, then the raw little-endian data. Needs torch
and numpy (Debian's python3-torch 1.13 is enough).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8")}
NUMPY = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "BF16": None}


def save_file(tensors, path, metadata=None):
    """What safetensors.torch.save_file writes: tensors sorted by name, contiguous, header padded to 8."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        tensor = tensors[name].detach().contiguous()
        dtype, layout = DTYPES[tensor.dtype]
        blob = tensor.numpy().astype(layout).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_file(path):
    """What safetensors.torch.load_file returns: {name: tensor} (F32 and F64 only)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    header.pop("__metadata__", None)
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=NUMPY[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


class Cosid(nn.Module):
    """Mnemos's cosid: cos(x) - x."""

    def forward(self, x):
        return torch.cos(x) - x


class Sinusoid(nn.Module):
    """Mnemos's sinusoid: x + sin(10x)/5."""

    def forward(self, x):
        return x + torch.sin(10 * x) / 5


# The torch module for each Mnemos activation (docs/pytorch.md lists the same table).
MODULES = {
    "identity": nn.Identity,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "selu": nn.SELU,
    "swish": nn.SiLU,
    "cosid": Cosid,
    "sinusoid": Sinusoid,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
}


def sequential(state_dict, activation):
    """The loader of docs/pytorch.md: nn.Sequential(Linear, act, Linear, …, Linear) from 0.weight, 2.weight, …"""
    count = len([k for k in state_dict if k.endswith(".weight")])
    layers = []
    for i in range(count):
        out_features, in_features = state_dict[f"{2 * i}.weight"].shape
        layers.append(nn.Linear(in_features, out_features, bias=f"{2 * i}.bias" in state_dict))
        if i < count - 1:
            layers.append(MODULES[activation]())
    model = nn.Sequential(*layers).to(state_dict["0.weight"].dtype)
    model.load_state_dict(state_dict)
    return model


class SeluNet(nn.Module):
    """A model whose Sequential sits under a prefix and has a Dropout: keys layers.0, layers.3, layers.5."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(8, 16), nn.SELU(), nn.Dropout(0.0), nn.Linear(16, 16), nn.SELU(), nn.Linear(16, 8))

    def forward(self, x):
        return self.layers(x)


def make_selu(directory):
    torch.manual_seed(2024)
    model = SeluNet()
    examples = torch.rand(4, 8, dtype=torch.float32)
    save_file(model.state_dict(), os.path.join(directory, "torch_selu_init.safetensors"))
    np.save(os.path.join(directory, "torch_selu_examples.npy"), examples.numpy().astype("<f4"))

    model.eval()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    losses, step = [], 0
    while True:
        optimizer.zero_grad()
        loss = loss_fn(model(examples), examples)
        if step <= 20:
            losses.append(loss.item())
        if step == 20:
            save_file(model.state_dict(), os.path.join(directory, "torch_selu_adam20.safetensors"))
            np.save(os.path.join(directory, "torch_selu_adam20.losses.npy"), np.array(losses, dtype="<f8"))
        if step >= 20 and loss.item() <= 1e-9:
            break
        if step > 200_000:
            sys.exit(f"torch did not reach MSE 1e-9 in {step} steps (loss {loss.item():.3g})")
        loss.backward()
        optimizer.step()
        step += 1
    print(f"selu: MSE {loss.item():.3g} after {step} Adam steps")
    save_file(model.state_dict(), os.path.join(directory, "torch_selu_trained.safetensors"))
    inputs = torch.cat([examples[:2], torch.rand(3, 8)])
    with torch.no_grad():
        outputs = model(inputs)
    np.save(os.path.join(directory, "torch_selu_trained.inputs.npy"), inputs.numpy().astype("<f4"))
    np.save(os.path.join(directory, "torch_selu_trained.outputs.npy"), outputs.numpy().astype("<f4"))


def make_cosid(directory):
    torch.manual_seed(7)
    model = nn.Sequential(nn.Linear(8, 12), Cosid(), nn.Linear(12, 12), Cosid(), nn.Linear(12, 8)).double()
    inputs = torch.randn(5, 8, dtype=torch.float64)
    with torch.no_grad():
        outputs = model(inputs)
    save_file(model.state_dict(), os.path.join(directory, "torch_cosid_f64.safetensors"))
    np.save(os.path.join(directory, "torch_cosid_f64.inputs.npy"), inputs.numpy().astype("<f4"))
    np.save(os.path.join(directory, "torch_cosid_f64.outputs.npy"), outputs.numpy().astype("<f4"))
    # The loader rebuilds the same function from the file.
    with torch.no_grad():
        again = sequential(load_file(os.path.join(directory, "torch_cosid_f64.safetensors")), "cosid")(inputs)
    assert torch.equal(again, outputs)


def check_export(path, activation, inputs_path, outputs_path):
    model = sequential(load_file(path), activation).float()
    inputs = torch.from_numpy(np.load(inputs_path).astype(np.float32))
    expected = np.load(outputs_path).astype(np.float32)
    with torch.no_grad():
        outputs = model(inputs).numpy()
    diff = np.abs(outputs - expected)
    print(f"{path}: {model}")
    print(f"{inputs.shape[0]} inputs; max |torch - mnemos| = {float(diff.max()):.3g}")
    if not np.all(diff <= 1e-5 + 1e-5 * np.abs(expected)):
        sys.exit("outputs differ beyond float32 tolerance (1e-5 absolute + 1e-5 relative)")
    print("ok: torch reproduces Mnemos's outputs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    golden = commands.add_parser("make-golden", help="write the golden state dicts")
    golden.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Mnemos.Tests", "Storage", "golden"))
    check = commands.add_parser("check-export", help="load a file from mnemos export in torch and compare outputs")
    check.add_argument("model")
    check.add_argument("activation", choices=sorted(MODULES))
    check.add_argument("inputs")
    check.add_argument("outputs")
    args = parser.parse_args()
    if args.command == "make-golden":
        directory = os.path.normpath(args.dir)
        os.makedirs(directory, exist_ok=True)
        make_selu(directory)
        make_cosid(directory)
        print(f"wrote the torch_* golden files in {directory}")
    else:
        check_export(args.model, args.activation, args.inputs, args.outputs)


if __name__ == "__main__":
    main()
