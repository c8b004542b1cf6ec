#!/usr/bin/python3
"""Cross-check Mnemos model files (safetensors, format mnemos.mlp) against PyTorch.

Golden mode: write small seeded torch models in the Mnemos format, their inputs and torch's
float32 outputs into tests/Mnemos.Tests/Storage/golden/ (the C# tests in ModelFileGoldenTests
load them, run the forward pass and compare):

    /usr/bin/python3 scripts/torch_model_check.py make-golden [--dir DIR]

Verify mode: load a Mnemos-written model file into a torch nn.Sequential of Linear layers, run
the inputs through it and check the outputs Mnemos computed (exit status 1 on mismatch):

    /usr/bin/python3 scripts/torch_model_check.py verify model.safetensors inputs.npy outputs.npy

inputs.npy is [n, input_size], outputs.npy [n, output_size]; tolerance 1e-5 absolute + 1e-5
relative (float32 forward passes in a different order). The safetensors format is parsed by hand
(no safetensors package needed); see docs/model-format.md. Needs torch and numpy (1.13 is enough).
"""
import argparse
import hashlib
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1"}

ACTIVATIONS = {
    "identity": lambda x: x,
    "relu": torch.relu,
    "leaky_relu": lambda x: nn.functional.leaky_relu(x, 0.01),
    "selu": nn.functional.selu,
    "swish": lambda x: x * torch.sigmoid(x),
    "cosid": lambda x: torch.cos(x) - x,
    "sinusoid": lambda x: x + torch.sin(10 * x) / 5,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
}


class MnemosMlp(nn.Module):
    """An nn.Sequential of Linear layers named "layers" (state_dict keys layers.{i}.weight and
    layers.{i}.bias), with the activation after every layer but the last."""

    def __init__(self, input_size, output_size, depth, width, activation, bias=True):
        super().__init__()
        sizes = [input_size] + [width] * depth + [output_size]
        self.layers = nn.Sequential(*(nn.Linear(sizes[i], sizes[i + 1], bias=bias) for i in range(depth + 1)))
        self.activation = activation
        self.phi = ACTIVATIONS[activation]

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.phi(layer(x))
        return self.layers[-1](x)


def read_safetensors(path):
    """Returns (metadata dict, {name: numpy array}) from a safetensors file."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=DTYPES[info["dtype"]])
        tensors[name] = array.reshape(info["shape"]).astype(np.float32)
    return metadata, tensors


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors sorted by name, header padded with spaces to a multiple of 8."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    for name in sorted(tensors):
        blob = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_model(path):
    """Builds the torch module a Mnemos model file describes; returns (module, metadata, extra tensors)."""
    metadata, tensors = read_safetensors(path)
    if metadata.get("format") != "mnemos.mlp":
        sys.exit(f"{path}: expected format mnemos.mlp, found {metadata.get('format')!r}")
    if int(metadata["format_version"]) != 1:
        sys.exit(f"{path}: format_version {metadata['format_version']}; this script reads 1")
    model = MnemosMlp(int(metadata["input_size"]), int(metadata["output_size"]), int(metadata["depth"]),
                      int(metadata["width"]), metadata["activation"], metadata["bias"] == "true")
    state = {k: torch.from_numpy(v) for k, v in tensors.items() if k.startswith("layers.")}
    model.load_state_dict(state, strict=True)
    extras = {k: v for k, v in tensors.items() if not k.startswith("layers.")}
    return model, metadata, extras


def verify(model_path, inputs_path, outputs_path):
    model, metadata, _ = load_model(model_path)
    inputs = np.load(inputs_path).astype(np.float32)
    expected = np.load(outputs_path).astype(np.float32)
    with torch.no_grad():
        outputs = model(torch.from_numpy(inputs.reshape(inputs.shape[0], -1))).numpy()
    if expected.shape != outputs.shape:
        sys.exit(f"{outputs_path}: shape {expected.shape}, but torch's outputs have shape {outputs.shape}")
    diff = np.abs(outputs - expected)
    worst = float(diff.max()) if diff.size else 0.0
    print(f"{model_path}: depth {metadata['depth']} width {metadata['width']} {metadata['activation']} "
          f"bias {metadata['bias']}; {inputs.shape[0]} inputs; max |torch - expected| = {worst:.3g}")
    if not np.all(diff <= 1e-5 + 1e-5 * np.abs(expected)):
        sys.exit("outputs differ beyond float32 tolerance (1e-5 absolute + 1e-5 relative)")
    print("ok: torch reproduces the outputs")


def make_golden_model(directory, name, seed, sizes, activation, bias, samples):
    input_size, output_size, depth, width = sizes
    torch.manual_seed(seed)
    model = MnemosMlp(input_size, output_size, depth, width, activation, bias)
    inputs = torch.randn(samples, input_size, dtype=torch.float32)
    with torch.no_grad():
        outputs = model(inputs)
    x = inputs.numpy().astype("<f4")
    metadata = {
        "format": "mnemos.mlp",
        "format_version": "1",
        "input_size": str(input_size),
        "output_size": str(output_size),
        "depth": str(depth),
        "width": str(width),
        "activation": activation,
        "bias": "true" if bias else "false",
        # Compact, key-sorted JSON as Mnemos writes it, so a C# re-save reproduces the file byte for byte.
        "training": json.dumps({"optimizer": "adam", "lr": "0.0001", "seed": str(seed)}, separators=(",", ":"), sort_keys=True),
        "data_sha256": hashlib.sha256(x.tobytes()).hexdigest(),
        "data_shape": f"{x.shape[0]}x{x.shape[1]}",
        # Losses chosen to be exact in binary so both JSON writers print them the same way.
        "loss_history": json.dumps([[0, 1.25], [10, 0.5], [20, 0.0625]], separators=(",", ":")),
        "created_by": "scripts/torch_model_check.py make-golden",
    }
    tensors = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    tensors["memory.examples"] = x
    path = os.path.join(directory, f"{name}.safetensors")
    write_safetensors(path, tensors, metadata)
    np.save(os.path.join(directory, f"{name}.inputs.npy"), x)
    np.save(os.path.join(directory, f"{name}.outputs.npy"), outputs.numpy().astype("<f4"))
    # Read back through the loader above: the file must rebuild the same function.
    reloaded, _, extras = load_model(path)
    with torch.no_grad():
        assert torch.equal(reloaded(inputs), outputs)
    assert np.array_equal(extras["memory.examples"], x)
    print(f"wrote {name}.safetensors, {name}.inputs.npy and {name}.outputs.npy in {directory}")


def make_golden(directory):
    os.makedirs(directory, exist_ok=True)
    # (input_size, output_size, depth, width)
    make_golden_model(directory, "mlp_selu", 1234, (5, 5, 2, 7), "selu", True, samples=4)
    make_golden_model(directory, "mlp_cosid_nobias", 99, (3, 3, 1, 4), "cosid", False, samples=3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    golden = commands.add_parser("make-golden", help="write the golden test models")
    golden.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Mnemos.Tests", "Storage", "golden"))
    check = commands.add_parser("verify", help="check Mnemos outputs of a Mnemos model file with torch")
    check.add_argument("model", help="Mnemos model file (.safetensors)")
    check.add_argument("inputs", help=".npy of inputs, shape [n, input_size]")
    check.add_argument("outputs", help=".npy of the outputs Mnemos computed, shape [n, output_size]")
    args = parser.parse_args()
    if args.command == "make-golden":
        make_golden(os.path.normpath(args.dir))
    else:
        verify(args.model, args.inputs, args.outputs)


if __name__ == "__main__":
    main()
