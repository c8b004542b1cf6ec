#!/usr/bin/python3
"""Checks `mnemos certify` against numpy: for every stored example of a memory file, builds the full
d×d Jacobian at its anchor in float64 (float32 weights and point widened, chain rule), takes
max |numpy.linalg.eigvals|, and compares with spectral_radius in one or more JSON outputs of
`mnemos certify --model M --json`. Prints the largest relative deviation per JSON and whether each
deviation lies within the certificate's spectral_radius_error (when the JSON has it).

usage: scripts/certify_vs_numpy.py MEMORY.safetensors CERTIFY.json [MORE.json ...]
Needs numpy (Debian: apt-get install python3-numpy). Autoencoder memories only (not cycles)."""
import json
import struct
import sys
import numpy as np

SELU_SCALE, SELU_ALPHA, LEAKY = 1.0507009873554805, 1.6732632423543772, 0.01


def activation_and_slope(name, z):
    """φ(z) and φ′(z) in float64, the formulas of docs/model-format.md."""
    if name == "identity":
        return z, np.ones_like(z)
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(z > 0, z, LEAKY * z), np.where(z > 0, 1.0, LEAKY)
    if name == "selu":
        e = np.exp(np.minimum(z, 0))
        return np.where(z > 0, SELU_SCALE * z, SELU_SCALE * SELU_ALPHA * (e - 1)), np.where(z > 0, SELU_SCALE, SELU_SCALE * SELU_ALPHA * e)
    if name == "swish":
        s = 1 / (1 + np.exp(-z))
        return z * s, s * (1 + z * (1 - s))
    if name == "cosid":
        return np.cos(z) - z, -np.sin(z) - 1
    if name == "sinusoid":
        return z + np.sin(10 * z) / 5, 1 + 2 * np.cos(10 * z)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s, s * (1 - s)
    if name == "tanh":
        t = np.tanh(z)
        return t, 1 - t * t
    raise ValueError(f"unknown activation {name}")


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
    return metadata, tensors


def jacobian(weights, biases, activation, x):
    """J = W_L · D_{L−1} W_{L−1} ⋯ D_0 W_0 at x in float64; weights[l] is [out × in]."""
    h, m = x.astype(np.float64), None
    for l, (w, b) in enumerate(zip(weights, biases)):
        w = w.astype(np.float64)
        z = w @ h + (b.astype(np.float64) if b is not None else 0)
        m = w if m is None else w @ m
        if l < len(weights) - 1:
            h, slope = activation_and_slope(activation, z)
            m = slope[:, None] * m
    return m


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    metadata, tensors = read_safetensors(argv[1])
    if "memory.cycles" in metadata:
        sys.exit("cycle memories are not supported")
    depth = int(metadata["depth"])
    weights = [tensors[f"layers.{l}.weight"] for l in range(depth + 1)]
    biases = [tensors.get(f"layers.{l}.bias") for l in range(depth + 1)]
    anchors = tensors.get("memory.anchors", tensors["memory.examples"])
    activation = metadata["activation"]
    radii = np.array([np.max(np.abs(np.linalg.eigvals(jacobian(weights, biases, activation, a)))) for a in anchors])
    print(f"{argv[1]}: {len(radii)} examples, d = {anchors.shape[1]}, depth {depth}, width {metadata['width']}, {activation}; "
          f"numpy {np.__version__} eigvals of the float64 Jacobian")
    for path in argv[2:]:
        with open(path) as f:
            report = json.load(f)
            rows = report.get("units", report.get("certificates"))  # "certificates" in JSON written before statuses
        rho = np.array([r["spectral_radius"] for r in rows])
        relative = np.abs(rho - radii) / radii
        worst = int(np.argmax(relative))
        line = f"{path}: max relative deviation {relative[worst]:.2e} (example {worst}), median {np.median(relative):.2e}"
        if all(r.get("spectral_radius_error") is not None for r in rows):
            error = np.array([r["spectral_radius_error"] for r in rows])
            covered = np.abs(rho - radii) <= error + 1e-12 * radii
            line += f"; within spectral_radius_error: {int(covered.sum())}/{len(rows)}, largest error bound {error.max():.2e}"
        print(line)


if __name__ == "__main__":
    main(sys.argv)
