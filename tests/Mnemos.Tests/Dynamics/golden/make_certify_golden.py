"""Golden spectral radii for CertifyGoldenTests. Writes small seeded memory files (Mnemos model
format: safetensors, float32 weights, memory.examples and memory.anchors) for several activations,
then for every anchor builds the full d×d Jacobian in float64 by the chain rule (float32 weights
and point widened) and takes numpy.linalg.eigvals (LAPACK dgeev). Run with /usr/bin/python3 from
this folder; writes certify_<activation>.safetensors and certify_golden.json."""
import json
import struct
import numpy as np

SELU_SCALE, SELU_ALPHA = 1.0507009873554805, 1.6732632423543772
CASES = [("selu", 12, 5, 3), ("cosid", 10, 6, 4), ("tanh", 9, 4, 2)]  # activation, d, width, depth
EXAMPLES = 4


def slope(activation, z):
    if activation == "selu":
        return np.where(z > 0, SELU_SCALE, SELU_SCALE * SELU_ALPHA * np.exp(z))
    if activation == "cosid":
        return -np.sin(z) - 1
    if activation == "tanh":
        return 1 - np.tanh(z) ** 2
    raise ValueError(activation)


def value(activation, z):
    if activation == "selu":
        return np.where(z > 0, SELU_SCALE * z, SELU_SCALE * SELU_ALPHA * (np.exp(z) - 1))
    if activation == "cosid":
        return np.cos(z) - z
    if activation == "tanh":
        return np.tanh(z)
    raise ValueError(activation)


def jacobian(weights, biases, activation, x):
    """J = W_L · D_{L−1} W_{L−1} ⋯ D_0 W_0 at x, all float64; weights[l] is [out × in]."""
    h, m = x.astype(np.float64), np.eye(x.size)
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = w.astype(np.float64) @ h + b.astype(np.float64)
        m = w.astype(np.float64) @ m
        if l < len(weights) - 1:
            m = slope(activation, z)[:, None] * m
            h = value(activation, z)
    return m


def write_safetensors(path, tensors, metadata):
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


def main():
    rng = np.random.default_rng(20261204)
    golden = []
    for activation, d, width, depth in CASES:
        sizes = [d] + [width] * depth + [d]
        weights = [(rng.uniform(-2, 2, (o, i)) / np.sqrt(i)).astype(np.float32) for i, o in zip(sizes, sizes[1:])]
        biases = [(rng.uniform(-1, 1, o) / np.sqrt(i)).astype(np.float32) for i, o in zip(sizes, sizes[1:])]
        examples = rng.uniform(-1, 1, (EXAMPLES, d)).astype(np.float32)
        anchors = (examples + rng.uniform(-1e-2, 1e-2, examples.shape)).astype(np.float32)
        tensors = {"memory.examples": examples, "memory.anchors": anchors}
        for l, (w, b) in enumerate(zip(weights, biases)):
            tensors[f"layers.{l}.weight"], tensors[f"layers.{l}.bias"] = w, b
        name = f"certify_{activation}.safetensors"
        write_safetensors(name, tensors, {
            "activation": activation, "bias": "true", "depth": str(depth), "format": "mnemos.mlp",
            "format_version": "1", "input_size": str(d), "output_size": str(d), "width": str(width)})
        radii = [float(np.max(np.abs(np.linalg.eigvals(jacobian(weights, biases, activation, a))))) for a in anchors]
        golden.append({"file": name, "activation": activation, "spectral_radii": [repr(r) for r in radii]})
    with open("certify_golden.json", "w") as f:
        json.dump({"numpy": np.__version__, "cases": golden}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
