# Golden values for the optimizer tests, produced by torch.optim (PyTorch 1.13, CPU, float32,
# single-tensor path: foreach=False). Run with /usr/bin/python3 from this folder:
#     /usr/bin/python3 make_golden.py      -> optimizers.golden.json
# Two problems per configuration, both on one flat float32 parameter tensor:
#   fixed: 100 stored gradient vectors, applied in order (tests the update formulas alone);
#   model: loss = mean((A p - t)^2), gradient (2/m) A^T (A p - t) evaluated in float64 and rounded
#          to float32, so any summation order gives the same float32 gradient (ties aside).
# Stored: inputs, parameters after steps 1, 10 and 100, and for the fixed problem the optimizer
# state after step 100 under torch's state_dict names.
import json
import numpy as np
import torch

SEED = 20240611
FIXED_COUNT = 67        # 8 * 8 + 3: leaves a tail after 4-, 8- and 16-wide vector loops
MODEL_ROWS, MODEL_COLS = 40, 53   # over-parameterized least squares, 53 = 3 * 16 + 5
STEPS = 100
SNAPSHOTS = [1, 10, 100]

# Each spec is parsed by OptimizerSettings.Parse on the C# side and by torch_optimizer here.
CONFIGS = [
    ("sgd_plain", "sgd lr=0.1"),
    ("sgd_momentum_dampening_wd", "sgd lr=0.009 momentum=0.9 dampening=0.1 weight_decay=0.0001"),
    ("sgd_nesterov", "sgd lr=0.01 momentum=0.9 nesterov=true"),
    ("rmsprop_default", "rmsprop"),
    ("rmsprop_centered_momentum_wd", "rmsprop lr=0.001 alpha=0.9 momentum=0.5 centered=true weight_decay=0.01"),
    ("adam_default_lr_1e-4", "adam lr=0.0001"),
    ("adam_wd_amsgrad", "adam lr=0.0001 weight_decay=0.0001 amsgrad=true"),
    ("adamw_default", "adamw"),
]


def torch_optimizer(spec, params):
    kind, *pairs = spec.split()
    kw = {}
    for pair in pairs:
        key, value = pair.split("=")
        if key == "betas":
            kw[key] = tuple(float(v) for v in value.split(","))
        elif value in ("true", "false"):
            kw[key] = value == "true"
        else:
            kw[key] = float(value)
    if kind == "sgd":
        return torch.optim.SGD(params, foreach=False, **kw)
    cls = {"rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    return cls(params, foreach=False, **kw)


def floats(array):
    # Shortest text that reads back as the same float32 (C# parses it with JsonElement.GetSingle).
    out = [float(repr(np.float32(x))) for x in np.asarray(array, dtype=np.float32).ravel()]
    assert np.array_equal(np.asarray(out, dtype=np.float32), np.asarray(array, dtype=np.float32).ravel())
    return out


def run(spec, initial, gradient_at):
    p = torch.nn.Parameter(torch.from_numpy(initial.copy()))
    opt = torch_optimizer(spec, [p])
    after = {}
    for step in range(1, STEPS + 1):
        g = gradient_at(step, p.detach().numpy())
        p.grad = torch.from_numpy(g)
        opt.step()
        if step in SNAPSHOTS:
            after[str(step)] = floats(p.detach().numpy())
    state = opt.state_dict()["state"].get(0, {})
    buffers = {k: floats(v.numpy()) for k, v in sorted(state.items()) if k != "step" and v is not None}
    return after, buffers, int(state["step"]) if "step" in state else None


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(SEED)
    fixed_initial = rng.uniform(-1, 1, FIXED_COUNT).astype(np.float32)
    # Gradients over several decades, both signs, some exact zeros, so eps and bias correction matter.
    scales = 10.0 ** rng.uniform(-4, 1, (STEPS, 1))
    fixed_grads = (rng.standard_normal((STEPS, FIXED_COUNT)) * scales).astype(np.float32)
    fixed_grads[rng.uniform(size=fixed_grads.shape) < 0.03] = 0

    a = rng.standard_normal((MODEL_ROWS, MODEL_COLS)).astype(np.float32)
    t = rng.standard_normal(MODEL_ROWS).astype(np.float32)
    bound = 1 / np.sqrt(MODEL_COLS)
    model_initial = rng.uniform(-bound, bound, MODEL_COLS).astype(np.float32)
    a64, t64 = a.astype(np.float64), t.astype(np.float64)

    def model_gradient(step, p):
        r = a64 @ p.astype(np.float64) - t64
        return ((2.0 / MODEL_ROWS) * (a64.T @ r)).astype(np.float32)

    configs = []
    for name, spec in CONFIGS:
        fixed_after, fixed_state, fixed_step = run(spec, fixed_initial, lambda s, p: fixed_grads[s - 1].copy())
        model_after, _, _ = run(spec, model_initial, model_gradient)
        configs.append({"name": name, "spec": spec,
                        "fixed": {"after": fixed_after, "state": fixed_state, "state_step": fixed_step},
                        "model": {"after": model_after}})

    golden = {
        "source": f"torch.optim {torch.__version__} (CPU float32, foreach=False), numpy {np.__version__}, seed {SEED}",
        "steps": STEPS,
        "snapshots": SNAPSHOTS,
        "fixed": {"initial": floats(fixed_initial), "gradients": [floats(g) for g in fixed_grads]},
        "model": {"rows": MODEL_ROWS, "cols": MODEL_COLS, "a": floats(a), "t": floats(t), "initial": floats(model_initial)},
        "configs": configs,
    }
    with open("optimizers.golden.json", "w") as f:
        json.dump(golden, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
