"""Golden eigenvalues for DenseEigenGoldenTests: seeded matrices and numpy.linalg.eigvals (LAPACK
dgeev with balancing). Run with /usr/bin/python3 from this folder; writes eig_golden.json.
Each case stores the matrix (row-major, repr precision) so the C# side needs no numpy RNG."""
import json
import numpy as np


def gaussian(rng, n):
    return rng.standard_normal((n, n)) / np.sqrt(n)


def graded(rng, n):
    # D·G·D⁻¹ with D spanning 12 orders of magnitude: same spectrum as G, needs balancing.
    d = 10.0 ** np.linspace(-6, 6, n)
    return (d[:, None] * gaussian(rng, n)) / d[None, :]


def nonnegative(rng, n):
    return rng.uniform(0.0, 1.0, (n, n))


def main():
    rng = np.random.default_rng(20240607)
    cases = [("gaussian", 6, gaussian), ("gaussian", 12, gaussian), ("gaussian", 24, gaussian),
             ("gaussian", 40, gaussian), ("graded", 16, graded), ("nonnegative", 20, nonnegative)]
    out = []
    for kind, n, make in cases:
        a = make(rng, n)
        lam = np.linalg.eigvals(a)
        out.append({
            "name": f"{kind}-{n}",
            "n": n,
            "a": [float(x) for x in a.ravel()],
            "re": [float(x) for x in lam.real],
            "im": [float(x) for x in lam.imag],
        })
    with open("eig_golden.json", "w") as f:
        f.write('{"source": %s,\n"cases": [\n' % json.dumps("numpy " + np.__version__ + " linalg.eigvals"))
        f.write(",\n".join(json.dumps(case) for case in out))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
