#!/usr/bin/env python3
"""Golden fixtures for lrlab's optimizers, from real PyTorch.

Writes tests/pytorch/optim.json: a list of cases, each with `input` in the shape of
`lrlab optim` (the optimizer's keywords at the top level, `params`, `grads` rows and optionally
`tensors`, `param_groups`, `schedule`) and either `expected` (the parameters after every
`optimizer.step()`, float32) or `error` (str() of the ValueError PyTorch raises).

Every optimizer runs torch's single-tensor CPU path (foreach=False) in float32; for each row of
grads: set the gradients, optimizer.step(), then scheduler.step() when a schedule is given.

Run from the repository root: python3 tests/pytorch/gen_optim.py
"""

import json
import math
from pathlib import Path

import torch

OUT = Path(__file__).with_name("optim.json")
DATA_KEYS = ("params", "grads", "tensors", "param_groups", "schedule")
STEPS = 30


def tuples(kw):
    """JSON lists to the tuples PyTorch expects for `betas`."""
    return {k: tuple(v) if k == "betas" else v for k, v in kw.items()}


def replay(spec):
    """Runs `spec` through torch.optim exactly as `lrlab optim` does; returns the rows."""
    cls = getattr(torch.optim, spec["optimizer"])
    keywords = tuples({k: v for k, v in spec.items() if k not in DATA_KEYS + ("optimizer",)})
    sizes = spec.get("tensors", [len(spec["params"])])
    flat = torch.tensor(spec["params"], dtype=torch.float32)
    params = [torch.nn.Parameter(t.clone()) for t in flat.split(sizes)]
    if "param_groups" in spec:
        groups = [
            {**tuples({k: v for k, v in g.items() if k != "params"}),
             "params": [params[i] for i in g["params"]]}
            for g in spec["param_groups"]
        ]
    else:
        groups = params
    optimizer = cls(groups, foreach=False, **keywords)
    scheduler = None
    if "schedule" in spec:
        kw = dict(spec["schedule"])
        scheduler = getattr(torch.optim.lr_scheduler, kw.pop("scheduler"))(optimizer, **kw)
    rows = []
    for row in spec["grads"]:
        grads = torch.tensor(row, dtype=torch.float32).split(sizes)
        for p, g in zip(params, grads):
            p.grad = g.clone()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        rows.append(torch.cat([p.detach() for p in params]).tolist())
    return rows


def data(seed, n, steps=STEPS, scale=1.0, zeros=True):
    """Seeded float32 parameters and gradient rows (a few exact zeros included)."""
    gen = torch.Generator().manual_seed(seed)
    params = torch.randn(n, generator=gen)
    grads = torch.randn(steps, n, generator=gen) * scale
    if zeros:
        mask = torch.rand(steps, n, generator=gen) < 0.1
        grads[mask] = 0.0
    return params.tolist(), grads.tolist()


CASES = []


def case(name, optimizer, seed, n=7, steps=STEPS, scale=1.0, **kw):
    params, grads = data(seed, n, steps, scale)
    CASES.append((name, {"optimizer": optimizer, **kw, "params": params, "grads": grads}))


def error(name, optimizer, **kw):
    params, grads = data(0, 3, 2)
    CASES.append((name, {"optimizer": optimizer, **kw, "params": params, "grads": grads}))


# SGD: every option.
case("sgd_defaults", "SGD", 1)
case("sgd_lr", "SGD", 2, lr=0.1)
case("sgd_momentum", "SGD", 3, lr=0.05, momentum=0.9)
case("sgd_dampening", "SGD", 4, lr=0.05, momentum=0.9, dampening=0.5)
case("sgd_nesterov", "SGD", 5, lr=0.05, momentum=0.9, nesterov=True)
case("sgd_weight_decay", "SGD", 6, lr=0.1, weight_decay=0.01)
case("sgd_all", "SGD", 7, lr=0.02, momentum=0.8, weight_decay=1e-3, nesterov=True, steps=50)
case("sgd_maximize", "SGD", 8, lr=0.05, momentum=0.5, dampening=0.1, weight_decay=0.1,
     maximize=True)
case("sgd_vectorized", "SGD", 9, n=40, lr=0.05, momentum=0.9, weight_decay=1e-2)

# Adagrad.
case("adagrad_defaults", "Adagrad", 11)
case("adagrad_lr_decay", "Adagrad", 12, lr=0.1, lr_decay=0.05)
case("adagrad_weight_decay", "Adagrad", 13, lr=0.1, weight_decay=0.1)
case("adagrad_initial_accumulator", "Adagrad", 14, lr=0.1, initial_accumulator_value=0.5)
case("adagrad_eps", "Adagrad", 15, lr=0.1, eps=1e-3, scale=1e-3)
case("adagrad_all", "Adagrad", 16, lr=0.2, lr_decay=0.01, weight_decay=0.05,
     initial_accumulator_value=0.1, eps=1e-8, maximize=True, steps=50)

# Adadelta.
case("adadelta_defaults", "Adadelta", 21)
case("adadelta_rho_eps", "Adadelta", 22, lr=0.5, rho=0.5, eps=1e-4)
case("adadelta_weight_decay", "Adadelta", 23, weight_decay=0.1, steps=50)
case("adadelta_maximize", "Adadelta", 24, lr=2.0, rho=0.95, maximize=True)

# RMSprop.
case("rmsprop_defaults", "RMSprop", 31)
case("rmsprop_alpha", "RMSprop", 32, lr=1e-3, alpha=0.9)
case("rmsprop_momentum", "RMSprop", 33, lr=1e-3, momentum=0.9)
case("rmsprop_centered", "RMSprop", 34, lr=1e-3, centered=True)
case("rmsprop_all", "RMSprop", 35, lr=1e-3, alpha=0.95, eps=1e-6, weight_decay=0.01,
     momentum=0.5, centered=True, steps=50)
case("rmsprop_maximize", "RMSprop", 36, lr=1e-3, alpha=0.3, centered=True, maximize=True)
case("rmsprop_vectorized", "RMSprop", 37, n=40, lr=1e-2, centered=True, momentum=0.9)

# Adam.
case("adam_defaults", "Adam", 41)
case("adam_lr_betas", "Adam", 42, lr=0.01, betas=[0.8, 0.99])
case("adam_small_beta1", "Adam", 43, lr=0.01, betas=[0.3, 0.9])
case("adam_weight_decay", "Adam", 44, lr=0.01, weight_decay=0.1)
case("adam_amsgrad", "Adam", 45, lr=0.01, amsgrad=True, steps=50)
case("adam_eps", "Adam", 46, lr=0.01, eps=1e-3, scale=1e-3)
case("adam_decoupled", "Adam", 47, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
case("adam_maximize", "Adam", 48, lr=0.01, amsgrad=True, weight_decay=0.01, maximize=True)
case("adam_vectorized", "Adam", 49, n=40, lr=0.01, amsgrad=True, weight_decay=1e-2)
case("adam_issue_example", "Adam", 50, n=3, lr=0.01, betas=[0.9, 0.999], amsgrad=True)

# AdamW.
case("adamw_defaults", "AdamW", 51)
case("adamw_weight_decay", "AdamW", 52, lr=0.01, weight_decay=0.5)
case("adamw_amsgrad", "AdamW", 53, lr=0.01, weight_decay=0.1, amsgrad=True, steps=50)
case("adamw_maximize", "AdamW", 54, lr=0.01, betas=[0.5, 0.9], maximize=True)

# Several parameter groups, as `optimizer.param_groups[i]` (e.g. no decay on biases).
case("sgd_groups", "SGD", 61, n=6, lr=0.1, momentum=0.9, weight_decay=0.01,
     tensors=[4, 2], param_groups=[{"params": [0]}, {"params": [1], "weight_decay": 0.0,
                                                      "lr": 0.01}])
case("adam_groups", "Adam", 62, n=6, lr=0.01, weight_decay=0.1, tensors=[2, 3, 1],
     param_groups=[{"params": [2, 0], "betas": [0.5, 0.6]}, {"params": [1], "lr": 0.001,
                                                             "weight_decay": 0.0}])
case("rmsprop_groups", "RMSprop", 63, n=5, lr=0.01, tensors=[3, 2],
     param_groups=[{"params": [1], "momentum": 0.9}, {"params": [0]}])
case("adagrad_partial_groups", "Adagrad", 64, n=5, lr=0.1, tensors=[3, 2],
     param_groups=[{"params": [1]}])

# Schedules acting on the groups: lr, and momentum or beta1.
case("sgd_cycliclr_momentum", "SGD", 71, lr=0.01, momentum=0.9, steps=40,
     schedule={"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5,
               "base_momentum": 0.8, "max_momentum": 0.9})
case("sgd_onecyclelr_nesterov", "SGD", 72, lr=0.01, momentum=0.9, nesterov=True, steps=40,
     schedule={"scheduler": "OneCycleLR", "max_lr": 0.1, "total_steps": 40})
case("adam_onecyclelr_beta1", "Adam", 73, n=3, lr=0.01, betas=[0.9, 0.999], amsgrad=True,
     steps=40, schedule={"scheduler": "OneCycleLR", "max_lr": 0.05, "total_steps": 40})
case("adamw_onecyclelr_three_phase", "AdamW", 74, lr=0.01, steps=40,
     schedule={"scheduler": "OneCycleLR", "max_lr": 0.05, "total_steps": 40,
               "three_phase": True, "base_momentum": 0.8, "max_momentum": 0.95})
case("adagrad_steplr", "Adagrad", 75, lr=0.1, steps=40,
     schedule={"scheduler": "StepLR", "step_size": 10, "gamma": 0.5})
case("rmsprop_cycliclr_momentum", "RMSprop", 76, lr=1e-3, momentum=0.9, steps=40,
     schedule={"scheduler": "CyclicLR", "base_lr": 1e-3, "max_lr": 1e-2, "step_size_up": 4,
               "mode": "triangular2", "base_momentum": 0.85, "max_momentum": 0.95})
case("sgd_groups_onecyclelr", "SGD", 77, n=6, lr=0.1, momentum=0.9, tensors=[4, 2], steps=40,
     param_groups=[{"params": [0]}, {"params": [1], "weight_decay": 0.0}],
     schedule={"scheduler": "OneCycleLR", "max_lr": 0.2, "total_steps": 40})

# The example of issue 3, verbatim.
CASES.append(("issue_example", {
    "optimizer": "Adam", "lr": 0.01, "betas": [0.9, 0.999], "amsgrad": True,
    "params": [0.5, -1.2, 3.0], "grads": [[0.1, 0.2, -0.3], [0.0, -0.5, 0.25]],
    "schedule": {"scheduler": "OneCycleLR", "max_lr": 0.05, "total_steps": 40}}))

# Invalid settings: PyTorch's own message.
error("error_sgd_lr", "SGD", lr=-0.1)
error("error_sgd_momentum", "SGD", momentum=-0.5)
error("error_sgd_weight_decay", "SGD", weight_decay=-1e-4)
error("error_sgd_nesterov_no_momentum", "SGD", nesterov=True)
error("error_sgd_nesterov_dampening", "SGD", momentum=0.9, dampening=0.1, nesterov=True)
error("error_adagrad_lr", "Adagrad", lr=-0.01)
error("error_adagrad_lr_decay", "Adagrad", lr_decay=-0.1)
error("error_adagrad_weight_decay", "Adagrad", weight_decay=-0.5)
error("error_adagrad_initial_accumulator", "Adagrad", initial_accumulator_value=-1.0)
error("error_adagrad_eps", "Adagrad", eps=-1e-10)
error("error_adadelta_lr", "Adadelta", lr=-1.0)
error("error_adadelta_rho", "Adadelta", rho=1.5)
error("error_adadelta_eps", "Adadelta", eps=-1e-6)
error("error_adadelta_weight_decay", "Adadelta", weight_decay=-0.1)
error("error_rmsprop_lr", "RMSprop", lr=-0.01)
error("error_rmsprop_eps", "RMSprop", eps=-1e-8)
error("error_rmsprop_momentum", "RMSprop", momentum=-0.9)
error("error_rmsprop_weight_decay", "RMSprop", weight_decay=-0.1)
error("error_rmsprop_alpha", "RMSprop", alpha=-0.99)
error("error_adam_lr", "Adam", lr=-0.1)
error("error_adam_eps", "Adam", eps=-1e-8)
error("error_adam_beta1", "Adam", betas=[1.0, 0.999])
error("error_adam_beta2", "Adam", betas=[0.9, 1.5])
error("error_adam_weight_decay", "Adam", weight_decay=-0.01)
error("error_adamw_lr", "AdamW", lr=-0.001)
error("error_adamw_beta1", "AdamW", betas=[-0.1, 0.999])
error("error_empty_parameter_list", "SGD", param_groups=[])
error("error_shared_parameters", "Adam", tensors=[1, 2],
      param_groups=[{"params": [0, 1]}, {"params": [1]}])
error("error_cycle_momentum_without_momentum", "Adagrad",
      schedule={"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1})
error("error_onecyclelr_without_betas_or_momentum", "Adadelta",
      schedule={"scheduler": "OneCycleLR", "max_lr": 0.1, "total_steps": 10})


def main():
    out = []
    for name, spec in CASES:
        try:
            rows = replay(spec)
        except ValueError as e:
            out.append({"name": name, "input": spec, "error": str(e)})
            continue
        if name.startswith("error_"):
            raise SystemExit(f"{name}: PyTorch accepted it")
        if not all(math.isfinite(x) for row in rows for x in row):
            raise SystemExit(f"{name}: non-finite parameters")
        out.append({"name": name, "input": spec, "expected": rows})
    header = {
        "generator": "tests/pytorch/gen_optim.py",
        "torch": torch.__version__,
        "dtype": "float32",
        "foreach": False,
    }
    # One case per line, so that a regenerated fixture diffs case by case.
    head = json.dumps(header)[:-1]
    lines = ",\n".join(json.dumps(c, separators=(",", ":")) for c in out)
    OUT.write_text(f'{head}, "cases": [\n{lines}\n]}}\n')
    print(f"{OUT}: {len(out)} cases "
          f"({sum('error' in c for c in out)} errors) from torch {torch.__version__}")


if __name__ == "__main__":
    main()
