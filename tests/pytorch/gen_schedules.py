#!/usr/bin/env python3
"""Golden fixtures for lrlab's schedulers, computed with real PyTorch.

Writes tests/pytorch/schedules.json: one case per spec, each spec exactly as `lrlab schedule`
takes it, with what torch produced: {"lr": [...], "momentum": [...]} (steps + 1 values; index 0
right after construction, index k after the k-th `optimizer.step(); scheduler.step()`), or the
error torch raised ({"error": str(exception), "error_type": "ValueError"}).

How each spec is run (as a PyTorch user would): `torch.optim.<name>([param], lr=lr, ...)`, then
the scheduler with the spec's keywords (SequentialLR/ChainedScheduler children built first, in
order, on the same optimizer), then `optimizer.step(); scheduler.step()` `steps` times
(`scheduler.step(metrics[k])` for ReduceLROnPlateau). `lr_lambda` expressions are evaluated as
Python lambdas with exp/log/sqrt/cos/sin/floor from `math`, and abs/min/max builtins.

TimeBasedDecay and ExponentialDecay are not in PyTorch: at top level their expected values are
the lecture's formulas in plain Python (lr[n+1] = lr[n] / (1 + d*n) and lr[n] = lr[0]*exp(-d*n)),
and their error is lrlab's own check. Inside composites they are run as the PyTorch classes lrlab
defines them to be (MultiplicativeLR / LambdaLR with the equivalent lambda).

Usage:
    python3 tests/pytorch/gen_schedules.py            # regenerate schedules.json
    python3 tests/pytorch/gen_schedules.py --snippets # also run lrlab's PyTorch snippets
The second form asks the Rust crate (via an ignored test) for `pytorch_snippet` of every
successful case, runs each with torch and checks it prints the same values.
"""

import contextlib
import io
import json
import math
import os
import random
import runpy
import subprocess
import sys
import tempfile
import warnings

import torch
from torch.optim import lr_scheduler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "schedules.json")
ROOT = os.path.dirname(os.path.dirname(HERE))

LAMBDA_NAMES = {
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
    "cos": math.cos,
    "sin": math.sin,
    "floor": math.floor,
    "abs": abs,
    "min": min,
    "max": max,
    "pi": math.pi,
}
SPEC_KEYS = {"scheduler", "lr", "optimizer", "steps", "metrics"}


def to_lambda(expr):
    return eval("lambda epoch: " + expr, dict(LAMBDA_NAMES))  # noqa: S307 (our own fixtures)


def check_decay(decay):
    if decay < 0:
        raise ValueError(f"Expected non-negative decay, but got {float(decay)!r}")


def make_optimizer(spec):
    param = torch.nn.Parameter(torch.zeros(1))
    o = dict(spec.get("optimizer", {"name": "SGD"}))
    name = o.pop("name")
    if "betas" in o:
        o["betas"] = tuple(o["betas"])
    return getattr(torch.optim, name)([param], lr=spec["lr"], **o)


def build(opt, s):
    name = s["scheduler"]
    kw = {k: v for k, v in s.items() if k not in SPEC_KEYS}
    if name == "SequentialLR":
        children = [build(opt, c) for c in kw.pop("schedulers")]
        return lr_scheduler.SequentialLR(opt, schedulers=children, **kw)
    if name == "ChainedScheduler":
        children = [build(opt, c) for c in kw.pop("schedulers")]
        return lr_scheduler.ChainedScheduler(children, **kw)
    if name == "TimeBasedDecay":
        check_decay(kw["decay"])
        d = kw.pop("decay")
        return lr_scheduler.MultiplicativeLR(
            opt, lr_lambda=lambda epoch: 1 / (1 + d * (epoch - 1)), **kw
        )
    if name == "ExponentialDecay":
        check_decay(kw["decay"])
        d = kw.pop("decay")
        return lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: math.exp(-d * epoch), **kw)
    if name in ("LambdaLR", "MultiplicativeLR"):
        kw["lr_lambda"] = to_lambda(kw["lr_lambda"])
    return getattr(lr_scheduler, name)(opt, **kw)


def cycles_momentum(s):
    if s["scheduler"] in ("CyclicLR", "OneCycleLR"):
        return s.get("cycle_momentum", True)
    return any(cycles_momentum(c) for c in s.get("schedulers", []))


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def run_torch(spec):
    opt = make_optimizer(spec)
    sched = build(opt, spec)
    with_m = cycles_momentum(spec)
    g = opt.param_groups[0]
    lrs, moms = [float(g["lr"])], [float(momentum_of(g))] if with_m else None
    for k in range(spec["steps"]):
        opt.step()
        if spec["scheduler"] == "ReduceLROnPlateau":
            sched.step(spec["metrics"][k])
        else:
            sched.step()
        lrs.append(float(g["lr"]))
        if with_m:
            moms.append(float(momentum_of(g)))
    out = {"lr": lrs}
    if with_m:
        out["momentum"] = moms
    return out


def run_lecture_formula(spec):
    """TimeBasedDecay / ExponentialDecay at top level: the lecture's formulas, plain Python."""
    d = spec["decay"]
    check_decay(d)
    lr0 = spec["lr"]
    if spec["scheduler"] == "TimeBasedDecay":
        lrs = [lr0]
        for n in range(spec["steps"]):
            lrs.append(lrs[-1] / (1 + d * n))
    else:
        lrs = [lr0 * math.exp(-d * n) for n in range(spec["steps"] + 1)]
    return {"lr": lrs}


def expected(spec):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if spec["scheduler"] in ("TimeBasedDecay", "ExponentialDecay"):
                # lrlab's optimizer checks still apply.
                make_optimizer(spec)
                return run_lecture_formula(spec)
            return run_torch(spec)
    except Exception as e:  # noqa: BLE001 (every PyTorch error is a fixture)
        return {"error": str(e), "error_type": type(e).__name__}


CASES = []


def case(name, spec, rust_error=None):
    """`rust_error`: where lrlab's message deliberately differs, the kind it must fail with."""
    c = {"name": name, "spec": spec}
    if rust_error:
        c["rust_error"] = rust_error
    CASES.append(c)


def sgd(m=0.9):
    return {"name": "SGD", "momentum": m}


ADAM = {"name": "Adam"}
ADAM_B = {"name": "Adam", "betas": [0.85, 0.99]}


def metric_curve(n, seed, plateau_at=(), noise=0.01, start=1.0, drop=0.08):
    rng = random.Random(seed)
    v, out = start, []
    for k in range(n):
        if not any(a <= k < b for a, b in plateau_at):
            v *= 1 - drop
        out.append(round(v + rng.uniform(-noise, noise), 6))
    return out


def add_cases():
    # StepLR
    case("StepLR lecture", {"scheduler": "StepLR", "lr": 0.05, "step_size": 30, "gamma": 0.1, "steps": 100})
    case("StepLR issue example", {"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "gamma": 0.1, "steps": 100})
    case("StepLR 7 x0.5", {"scheduler": "StepLR", "lr": 0.3, "step_size": 7, "gamma": 0.5, "steps": 60})
    case("StepLR every step", {"scheduler": "StepLR", "lr": 1.0, "step_size": 1, "gamma": 0.9, "steps": 40})
    case("StepLR growth", {"scheduler": "StepLR", "lr": 0.01, "step_size": 3, "gamma": 1.5, "steps": 20})
    case("StepLR negative step_size", {"scheduler": "StepLR", "lr": 0.1, "step_size": -4, "gamma": 0.5, "steps": 20})
    case("StepLR gamma 0", {"scheduler": "StepLR", "lr": 0.1, "step_size": 2, "gamma": 0.0, "steps": 5})
    case("StepLR default gamma", {"scheduler": "StepLR", "lr": 0.1, "step_size": 5, "steps": 16})
    case("StepLR Adam", {"scheduler": "StepLR", "lr": 0.001, "optimizer": ADAM, "step_size": 10, "steps": 30})
    case("StepLR step_size 0, no steps", {"scheduler": "StepLR", "lr": 0.1, "step_size": 0, "steps": 0})
    case("StepLR step_size 0 error", {"scheduler": "StepLR", "lr": 0.1, "step_size": 0, "steps": 3})
    case("StepLR resume without initial_lr", {"scheduler": "StepLR", "lr": 0.1, "step_size": 3, "last_epoch": 5, "steps": 3})
    # MultiStepLR
    case("MultiStepLR doc", {"scheduler": "MultiStepLR", "lr": 0.05, "milestones": [30, 80], "gamma": 0.1, "steps": 100})
    case("MultiStepLR repeated", {"scheduler": "MultiStepLR", "lr": 1.0, "milestones": [5, 5, 10], "gamma": 0.5, "steps": 15})
    case("MultiStepLR unsorted", {"scheduler": "MultiStepLR", "lr": 1.0, "milestones": [10, 3, 7], "gamma": 0.3, "steps": 15})
    case("MultiStepLR none", {"scheduler": "MultiStepLR", "lr": 0.2, "milestones": [], "steps": 5})
    case("MultiStepLR zero and negative", {"scheduler": "MultiStepLR", "lr": 0.2, "milestones": [0, -2, 4], "gamma": 0.5, "steps": 8})
    # ExponentialLR
    case("ExponentialLR 0.95", {"scheduler": "ExponentialLR", "lr": 0.1, "gamma": 0.95, "steps": 200})
    case("ExponentialLR 0.5", {"scheduler": "ExponentialLR", "lr": 1.0, "gamma": 0.5, "steps": 30})
    case("ExponentialLR gamma 1", {"scheduler": "ExponentialLR", "lr": 0.1, "gamma": 1.0, "steps": 10})
    case("ExponentialLR growth", {"scheduler": "ExponentialLR", "lr": 1e-5, "gamma": 1.05, "steps": 100})
    case("ExponentialLR RMSprop", {"scheduler": "ExponentialLR", "lr": 0.01, "optimizer": {"name": "RMSprop"}, "gamma": 0.9, "steps": 20})
    # ConstantLR
    case("ConstantLR defaults", {"scheduler": "ConstantLR", "lr": 0.1, "steps": 10})
    case("ConstantLR 0.5 x10", {"scheduler": "ConstantLR", "lr": 0.05, "factor": 0.5, "total_iters": 10, "steps": 15})
    case("ConstantLR factor 1", {"scheduler": "ConstantLR", "lr": 0.05, "factor": 1.0, "steps": 8})
    case("ConstantLR total_iters 0", {"scheduler": "ConstantLR", "lr": 0.05, "factor": 0.5, "total_iters": 0, "steps": 4})
    case("ConstantLR factor 0", {"scheduler": "ConstantLR", "lr": 0.05, "factor": 0.0, "total_iters": 3, "steps": 2})
    case("ConstantLR factor 0 error", {"scheduler": "ConstantLR", "lr": 0.05, "factor": 0.0, "total_iters": 3, "steps": 5})
    case("ConstantLR factor > 1", {"scheduler": "ConstantLR", "lr": 0.05, "factor": 1.5, "steps": 5})
    case("ConstantLR factor < 0", {"scheduler": "ConstantLR", "lr": 0.05, "factor": -0.5, "steps": 5})
    # LinearLR
    case("LinearLR defaults", {"scheduler": "LinearLR", "lr": 0.1, "steps": 10})
    case("LinearLR warmup", {"scheduler": "LinearLR", "lr": 0.1, "start_factor": 0.1, "end_factor": 1.0, "total_iters": 10, "steps": 20})
    case("LinearLR decay", {"scheduler": "LinearLR", "lr": 0.1, "start_factor": 1.0, "end_factor": 0.1, "total_iters": 20, "steps": 30})
    case("LinearLR to zero", {"scheduler": "LinearLR", "lr": 0.3, "start_factor": 0.5, "end_factor": 0.0, "total_iters": 7, "steps": 12})
    case("LinearLR total_iters 0", {"scheduler": "LinearLR", "lr": 0.3, "start_factor": 0.5, "total_iters": 0, "steps": 4})
    case("LinearLR start 0", {"scheduler": "LinearLR", "lr": 0.1, "start_factor": 0.0, "steps": 5})
    case("LinearLR start > 1", {"scheduler": "LinearLR", "lr": 0.1, "start_factor": 1.5, "steps": 5})
    case("LinearLR end > 1", {"scheduler": "LinearLR", "lr": 0.1, "end_factor": 1.5, "steps": 5})
    # PolynomialLR
    case("PolynomialLR defaults", {"scheduler": "PolynomialLR", "lr": 0.1, "steps": 10})
    case("PolynomialLR quadratic", {"scheduler": "PolynomialLR", "lr": 0.1, "total_iters": 20, "power": 2.0, "steps": 25})
    case("PolynomialLR sqrt", {"scheduler": "PolynomialLR", "lr": 0.5, "total_iters": 13, "power": 0.5, "steps": 15})
    case("PolynomialLR total_iters 0", {"scheduler": "PolynomialLR", "lr": 0.5, "total_iters": 0, "steps": 3})
    case("PolynomialLR negative power", {"scheduler": "PolynomialLR", "lr": 0.5, "total_iters": 4, "power": -1.0, "steps": 6})
    # CosineAnnealingLR
    case("CosineAnnealingLR T_max 10 past T_max", {"scheduler": "CosineAnnealingLR", "lr": 0.1, "T_max": 10, "steps": 50})
    case("CosineAnnealingLR eta_min long", {"scheduler": "CosineAnnealingLR", "lr": 0.1, "T_max": 50, "eta_min": 0.001, "steps": 300})
    case("CosineAnnealingLR T_max 1", {"scheduler": "CosineAnnealingLR", "lr": 0.1, "T_max": 1, "steps": 10})
    case("CosineAnnealingLR T_max 7", {"scheduler": "CosineAnnealingLR", "lr": 0.2, "T_max": 7, "eta_min": 0.01, "steps": 100})
    case("CosineAnnealingLR negative T_max", {"scheduler": "CosineAnnealingLR", "lr": 0.2, "T_max": -5, "steps": 12})
    case("CosineAnnealingLR T_max 0, no steps", {"scheduler": "CosineAnnealingLR", "lr": 0.1, "T_max": 0, "steps": 0})
    case("CosineAnnealingLR T_max 0 error", {"scheduler": "CosineAnnealingLR", "lr": 0.1, "T_max": 0, "steps": 2})
    # CosineAnnealingWarmRestarts
    case("CAWR T_0 10", {"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 10, "steps": 50})
    case("CAWR T_mult 2", {"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 5, "T_mult": 2, "eta_min": 0.001, "steps": 100})
    case("CAWR T_0 1 T_mult 3", {"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 1, "T_mult": 3, "steps": 50})
    case("CAWR T_0 0", {"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 0, "steps": 5})
    case("CAWR T_0 negative", {"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": -3, "steps": 5})
    case("CAWR T_mult 0", {"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 3, "T_mult": 0, "steps": 5})
    # LambdaLR / MultiplicativeLR
    for expr in [
        "0.95 ** epoch",
        "1 / (1 + epoch)",
        "min(1, (epoch + 1) / 10)",
        "exp(-0.1 * epoch)",
        "0.5 * (1 + cos(pi * epoch / 20))",
        "max(0.1, 1 - epoch / 30)",
        "sqrt(1 / (epoch + 1))",
        "floor(epoch / 5) + 1",
        "-2**2 + 5 + 2**-1 * abs(sin(epoch))",
        "2 ** -(epoch / 10) * log(epoch + 2)",
    ]:
        case(f"LambdaLR {expr}", {"scheduler": "LambdaLR", "lr": 0.1, "lr_lambda": expr, "steps": 40})
    case("LambdaLR log(0) error", {"scheduler": "LambdaLR", "lr": 0.1, "lr_lambda": "log(epoch)", "steps": 3}, rust_error="Expression")
    for expr in ["0.95", "0.9 + 0.005 * epoch", "1 / (1 + 0.01 * epoch)", "max(0.5, exp(-epoch / 10))"]:
        case(f"MultiplicativeLR {expr}", {"scheduler": "MultiplicativeLR", "lr": 0.1, "lr_lambda": expr, "steps": 40})
    case("MultiplicativeLR division error", {"scheduler": "MultiplicativeLR", "lr": 0.1, "lr_lambda": "1 / (epoch - 2)", "steps": 3}, rust_error="Expression")
    # CyclicLR
    cyc = {"scheduler": "CyclicLR", "base_lr": 0.001, "max_lr": 0.1}
    case("CyclicLR triangular", {**cyc, "lr": 0.05, "optimizer": sgd(), "step_size_up": 10, "steps": 60})
    case("CyclicLR asymmetric", {**cyc, "lr": 0.05, "optimizer": sgd(), "step_size_up": 5, "step_size_down": 15, "steps": 60})
    case("CyclicLR triangular2", {**cyc, "lr": 0.05, "optimizer": sgd(), "mode": "triangular2", "step_size_up": 4, "steps": 50})
    case("CyclicLR exp_range", {**cyc, "lr": 0.05, "optimizer": sgd(), "mode": "exp_range", "gamma": 0.99, "step_size_up": 5, "steps": 60})
    case("CyclicLR Adam beta1", {**cyc, "lr": 0.05, "optimizer": ADAM, "step_size_up": 6, "steps": 30})
    case("CyclicLR AdamW custom momenta", {**cyc, "lr": 0.05, "optimizer": {"name": "AdamW", "betas": [0.9, 0.98]}, "base_momentum": 0.7, "max_momentum": 0.95, "step_size_up": 3, "step_size_down": 7, "steps": 30})
    case("CyclicLR RMSprop", {**cyc, "lr": 0.05, "optimizer": {"name": "RMSprop", "momentum": 0.5}, "step_size_up": 4, "steps": 20})
    case("CyclicLR SGD default momentum", {**cyc, "lr": 0.05, "step_size_up": 4, "steps": 20})
    case("CyclicLR no momentum cycling Adagrad", {**cyc, "lr": 0.05, "optimizer": {"name": "Adagrad"}, "cycle_momentum": False, "step_size_up": 4, "steps": 20})
    case("CyclicLR scale_mode is overridden", {**cyc, "lr": 0.05, "optimizer": sgd(), "mode": "triangular2", "scale_mode": "iterations", "step_size_up": 3, "steps": 20})
    case("CyclicLR default step sizes", {**cyc, "lr": 0.05, "optimizer": sgd(), "steps": 4500})
    case("CyclicLR Adagrad error", {**cyc, "lr": 0.05, "optimizer": {"name": "Adagrad"}, "step_size_up": 4, "steps": 20})
    case("CyclicLR Adadelta error", {**cyc, "lr": 0.05, "optimizer": {"name": "Adadelta"}, "step_size_up": 4, "steps": 20})
    case("CyclicLR bad mode", {**cyc, "lr": 0.05, "optimizer": sgd(), "mode": "sawtooth", "steps": 20})
    case("CyclicLR zero size", {**cyc, "lr": 0.05, "optimizer": sgd(), "step_size_up": 0, "step_size_down": 0, "steps": 5})
    case("CyclicLR zero up", {**cyc, "lr": 0.05, "optimizer": sgd(), "step_size_up": 0, "step_size_down": 4, "steps": 5})
    case("CyclicLR zero down", {**cyc, "lr": 0.05, "optimizer": sgd(), "step_size_up": 4, "step_size_down": 0, "steps": 12})
    # OneCycleLR
    one = {"scheduler": "OneCycleLR", "max_lr": 0.1}
    case("OneCycleLR total_steps", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 100, "steps": 100})
    case("OneCycleLR epochs x steps", {**one, "lr": 0.01, "optimizer": sgd(), "epochs": 10, "steps_per_epoch": 10, "steps": 99})
    case("OneCycleLR linear", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 50, "anneal_strategy": "linear", "steps": 50})
    case("OneCycleLR three_phase", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 100, "three_phase": True, "steps": 100})
    case("OneCycleLR three_phase linear", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 60, "three_phase": True, "anneal_strategy": "linear", "steps": 59})
    case("OneCycleLR factors", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 40, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0, "steps": 40})
    case("OneCycleLR Adam", {**one, "lr": 0.01, "optimizer": ADAM_B, "total_steps": 30, "steps": 30})
    case("OneCycleLR momenta", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 30, "base_momentum": 0.8, "max_momentum": 0.99, "steps": 30})
    case("OneCycleLR Adagrad no momentum", {**one, "lr": 0.01, "optimizer": {"name": "Adagrad"}, "total_steps": 30, "cycle_momentum": False, "steps": 30})
    case("OneCycleLR pct_start 0", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 20, "pct_start": 0.0, "steps": 20})
    case("OneCycleLR pct_start 1", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 20, "pct_start": 1.0, "steps": 19})
    case("OneCycleLR pct_start 1 last step", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 20, "pct_start": 1.0, "steps": 20})
    case("OneCycleLR zero-length phase", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 4, "pct_start": 0.25, "steps": 3})
    case("OneCycleLR stepped past total", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 20, "steps": 21})
    case("OneCycleLR total_steps 0", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 0, "steps": 1})
    case("OneCycleLR epochs 0", {**one, "lr": 0.01, "optimizer": sgd(), "epochs": 0, "steps_per_epoch": 5, "steps": 1})
    case("OneCycleLR steps_per_epoch -1", {**one, "lr": 0.01, "optimizer": sgd(), "epochs": 3, "steps_per_epoch": -1, "steps": 1})
    case("OneCycleLR no length", {**one, "lr": 0.01, "optimizer": sgd(), "epochs": 3, "steps": 1})
    case("OneCycleLR pct_start 1.5", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 10, "pct_start": 1.5, "steps": 1})
    case("OneCycleLR pct_start negative", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 10, "pct_start": -0.1, "steps": 1})
    case("OneCycleLR anneal cosine", {**one, "lr": 0.01, "optimizer": sgd(), "total_steps": 10, "anneal_strategy": "cosine", "steps": 1})
    case("OneCycleLR Adadelta error", {**one, "lr": 0.01, "optimizer": {"name": "Adadelta"}, "total_steps": 10, "steps": 1})
    # ReduceLROnPlateau
    plat = {"scheduler": "ReduceLROnPlateau", "lr": 0.1}
    loss = metric_curve(60, 1, plateau_at=[(10, 25), (35, 60)])
    case("ReduceLROnPlateau defaults", {**plat, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau patience 2 factor 0.5", {**plat, "patience": 2, "factor": 0.5, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau cooldown", {**plat, "patience": 1, "factor": 0.5, "cooldown": 3, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau min_lr", {**plat, "patience": 0, "factor": 0.5, "min_lr": 0.01, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau eps", {**plat, "patience": 0, "factor": 0.9, "eps": 0.005, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau abs threshold", {**plat, "patience": 2, "threshold": 0.05, "threshold_mode": "abs", "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau big rel threshold", {**plat, "patience": 2, "threshold": 0.1, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau threshold 0", {**plat, "patience": 3, "threshold": 0.0, "steps": 60, "metrics": loss})
    case("ReduceLROnPlateau threshold 1", {**plat, "patience": 3, "threshold": 1.0, "steps": 30, "metrics": loss[:30]})
    acc = [round(1 - v / 2, 6) for v in loss]
    case("ReduceLROnPlateau max mode", {**plat, "mode": "max", "patience": 2, "steps": 60, "metrics": acc})
    case("ReduceLROnPlateau max abs", {**plat, "mode": "max", "threshold_mode": "abs", "threshold": 0.01, "patience": 1, "cooldown": 2, "steps": 60, "metrics": acc})
    case("ReduceLROnPlateau negative patience", {**plat, "patience": -1, "factor": 0.8, "steps": 10, "metrics": loss[:10]})
    case("ReduceLROnPlateau factor 1", {**plat, "factor": 1.0, "steps": 3, "metrics": loss[:3]})
    case("ReduceLROnPlateau bad mode", {**plat, "mode": "avg", "steps": 3, "metrics": loss[:3]})
    case("ReduceLROnPlateau bad threshold mode", {**plat, "threshold_mode": "pct", "steps": 3, "metrics": loss[:3]})
    # SequentialLR
    lin = {"scheduler": "LinearLR", "start_factor": 0.1, "total_iters": 10}
    cos = {"scheduler": "CosineAnnealingLR", "T_max": 40, "eta_min": 0.001}
    seq = {"scheduler": "SequentialLR", "lr": 0.1}
    case("SequentialLR warmup cosine", {**seq, "schedulers": [lin, cos], "milestones": [10], "steps": 80})
    case("SequentialLR constant exponential", {**seq, "schedulers": [{"scheduler": "ConstantLR", "factor": 0.5, "total_iters": 5}, {"scheduler": "ExponentialLR", "gamma": 0.9}], "milestones": [5], "steps": 30})
    case("SequentialLR three", {**seq, "schedulers": [lin, {"scheduler": "StepLR", "step_size": 4, "gamma": 0.5}, {"scheduler": "ExponentialLR", "gamma": 0.95}], "milestones": [5, 20], "steps": 40})
    case("SequentialLR multiplicative second", {**seq, "schedulers": [lin, {"scheduler": "MultiplicativeLR", "lr_lambda": "0.9"}], "milestones": [6], "steps": 20})
    case("SequentialLR CAWR second", {**seq, "schedulers": [lin, {"scheduler": "CosineAnnealingWarmRestarts", "T_0": 5, "T_mult": 2}], "milestones": [7], "steps": 40})
    case("SequentialLR CAWR first", {**seq, "schedulers": [{"scheduler": "CosineAnnealingWarmRestarts", "T_0": 4}, {"scheduler": "PolynomialLR", "total_iters": 10, "power": 2.0}], "milestones": [9], "steps": 25})
    case("SequentialLR lambda", {**seq, "schedulers": [{"scheduler": "LambdaLR", "lr_lambda": "(epoch + 1) / 5"}, {"scheduler": "LambdaLR", "lr_lambda": "0.9 ** epoch"}], "milestones": [4], "steps": 20})
    case("SequentialLR cyclic second", {**seq, "optimizer": sgd(), "schedulers": [lin, {"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.2, "step_size_up": 3}], "milestones": [5], "steps": 25})
    case("SequentialLR onecycle then constant", {**seq, "optimizer": sgd(), "schedulers": [{"scheduler": "OneCycleLR", "max_lr": 0.5, "total_steps": 20}, {"scheduler": "ConstantLR", "factor": 0.1, "total_iters": 100}], "milestones": [19], "steps": 30})
    case("SequentialLR two onecycles share group keys", {**seq, "optimizer": sgd(), "schedulers": [{"scheduler": "OneCycleLR", "max_lr": 1.0, "total_steps": 20}, {"scheduler": "OneCycleLR", "max_lr": 0.4, "total_steps": 20, "pct_start": 0.5}], "milestones": [20], "steps": 40})
    case("SequentialLR onecycle then cyclic momenta", {**seq, "optimizer": ADAM, "schedulers": [{"scheduler": "OneCycleLR", "max_lr": 1.0, "total_steps": 20}, {"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "base_momentum": 0.6, "max_momentum": 0.7}], "milestones": [15], "steps": 30})
    case("SequentialLR polynomial then linear", {**seq, "schedulers": [{"scheduler": "PolynomialLR", "total_iters": 8}, {"scheduler": "LinearLR", "start_factor": 0.5, "end_factor": 0.1, "total_iters": 6}], "milestones": [8], "steps": 20})
    case("SequentialLR multistep second", {**seq, "schedulers": [{"scheduler": "ConstantLR"}, {"scheduler": "MultiStepLR", "milestones": [0, 3, 6], "gamma": 0.5}], "milestones": [4], "steps": 15})
    case("SequentialLR milestone 0", {**seq, "schedulers": [{"scheduler": "ConstantLR"}, {"scheduler": "ExponentialLR", "gamma": 0.8}], "milestones": [0], "steps": 8})
    case("SequentialLR unsorted milestones", {**seq, "schedulers": [{"scheduler": "ConstantLR"}, {"scheduler": "ExponentialLR", "gamma": 0.8}, {"scheduler": "StepLR", "step_size": 2}], "milestones": [12, 4], "steps": 20})
    case("SequentialLR last_epoch", {**seq, "schedulers": [lin, cos], "milestones": [10], "last_epoch": 3, "steps": 20})
    case("SequentialLR resumed child", {**seq, "schedulers": [lin, {"scheduler": "StepLR", "step_size": 3, "gamma": 0.5, "last_epoch": 5}], "milestones": [4], "steps": 15})
    case("SequentialLR resumed onecycle child", {**seq, "optimizer": sgd(), "schedulers": [lin, {"scheduler": "OneCycleLR", "max_lr": 0.5, "total_steps": 30, "last_epoch": 2}], "milestones": [4], "steps": 15})
    case("SequentialLR lecture formulas", {**seq, "schedulers": [{"scheduler": "TimeBasedDecay", "decay": 0.05}, {"scheduler": "ExponentialDecay", "decay": 0.1}], "milestones": [10], "steps": 30})
    case("SequentialLR chained first", {**seq, "schedulers": [{"scheduler": "ChainedScheduler", "schedulers": [lin, {"scheduler": "ExponentialLR", "gamma": 0.9}]}, {"scheduler": "ConstantLR", "factor": 0.5}], "milestones": [8], "steps": 20})
    case("SequentialLR nested first", {**seq, "schedulers": [{"scheduler": "SequentialLR", "schedulers": [lin, {"scheduler": "ExponentialLR", "gamma": 0.9}], "milestones": [3]}, {"scheduler": "StepLR", "step_size": 2, "gamma": 0.5}], "milestones": [8], "steps": 20})
    case("SequentialLR chained second error", {**seq, "schedulers": [lin, {"scheduler": "ChainedScheduler", "schedulers": [{"scheduler": "ExponentialLR", "gamma": 0.9}]}], "milestones": [5], "steps": 10}, rust_error="NotImplementedError")
    case("SequentialLR nested second error", {**seq, "schedulers": [lin, {"scheduler": "SequentialLR", "schedulers": [{"scheduler": "ExponentialLR", "gamma": 0.9}, {"scheduler": "ConstantLR"}], "milestones": [2]}], "milestones": [5], "steps": 10}, rust_error="NotImplementedError")
    case("SequentialLR empty", {**seq, "schedulers": [], "milestones": [], "steps": 3})
    case("SequentialLR plateau child", {**seq, "schedulers": [lin, {"scheduler": "ReduceLROnPlateau"}], "milestones": [3], "steps": 3})
    case("SequentialLR milestone count", {**seq, "schedulers": [lin, cos], "milestones": [3, 6], "steps": 3})
    case("SequentialLR child error first", {**seq, "schedulers": [{"scheduler": "LinearLR", "start_factor": 2.0}], "milestones": [3], "steps": 3})
    # ChainedScheduler
    ch = {"scheduler": "ChainedScheduler", "lr": 0.1}
    case("ChainedScheduler constant exponential", {**ch, "schedulers": [{"scheduler": "ConstantLR", "factor": 0.1, "total_iters": 2}, {"scheduler": "ExponentialLR", "gamma": 0.9}], "steps": 20})
    case("ChainedScheduler cosine exponential", {**ch, "schedulers": [{"scheduler": "CosineAnnealingLR", "T_max": 10}, {"scheduler": "ExponentialLR", "gamma": 0.95}], "steps": 40})
    case("ChainedScheduler step multistep", {**ch, "schedulers": [{"scheduler": "StepLR", "step_size": 5, "gamma": 0.5}, {"scheduler": "MultiStepLR", "milestones": [7, 12]}], "steps": 20})
    case("ChainedScheduler warmup cyclic", {**ch, "optimizer": sgd(), "schedulers": [{"scheduler": "LinearLR", "start_factor": 0.5, "total_iters": 4}, {"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3}], "steps": 20})
    case("ChainedScheduler nested chained", {**ch, "schedulers": [{"scheduler": "ChainedScheduler", "schedulers": [{"scheduler": "ExponentialLR", "gamma": 0.9}, {"scheduler": "StepLR", "step_size": 3}]}, {"scheduler": "MultiplicativeLR", "lr_lambda": "0.99"}], "steps": 15})
    case("ChainedScheduler with sequential", {**ch, "schedulers": [{"scheduler": "SequentialLR", "schedulers": [lin, {"scheduler": "ExponentialLR", "gamma": 0.9}], "milestones": [5]}, {"scheduler": "ConstantLR", "factor": 0.5, "total_iters": 3}], "steps": 20})
    case("ChainedScheduler time based", {**ch, "schedulers": [{"scheduler": "TimeBasedDecay", "decay": 0.02}, {"scheduler": "StepLR", "step_size": 10, "gamma": 0.5}], "steps": 30})
    case("ChainedScheduler empty", {**ch, "schedulers": [], "steps": 3})
    case("ChainedScheduler plateau", {**ch, "schedulers": [{"scheduler": "ExponentialLR", "gamma": 0.9}, {"scheduler": "ReduceLROnPlateau"}], "steps": 3})
    # The lecture's formulas (not PyTorch: plain Python)
    case("TimeBasedDecay 0.01", {"scheduler": "TimeBasedDecay", "lr": 0.1, "decay": 0.01, "steps": 100})
    case("TimeBasedDecay 0.1", {"scheduler": "TimeBasedDecay", "lr": 0.5, "decay": 0.1, "steps": 60})
    case("TimeBasedDecay 0", {"scheduler": "TimeBasedDecay", "lr": 0.5, "decay": 0.0, "steps": 5})
    case("TimeBasedDecay negative", {"scheduler": "TimeBasedDecay", "lr": 0.5, "decay": -0.1, "steps": 5})
    case("ExponentialDecay 0.05", {"scheduler": "ExponentialDecay", "lr": 0.1, "decay": 0.05, "steps": 100})
    case("ExponentialDecay 0.5", {"scheduler": "ExponentialDecay", "lr": 1.0, "decay": 0.5, "steps": 40})
    case("ExponentialDecay 0", {"scheduler": "ExponentialDecay", "lr": 0.3, "decay": 0.0, "steps": 5})
    case("ExponentialDecay Adam", {"scheduler": "ExponentialDecay", "lr": 0.001, "optimizer": ADAM, "decay": 0.02, "steps": 50})
    case("ExponentialDecay negative", {"scheduler": "ExponentialDecay", "lr": 1.0, "decay": -1.0, "steps": 4})
    # Resuming (last_epoch != -1) on a fresh optimizer: PyTorch's KeyError
    case("MultiStepLR resume", {"scheduler": "MultiStepLR", "lr": 0.1, "milestones": [3], "last_epoch": 0, "steps": 2})
    case("ExponentialLR resume", {"scheduler": "ExponentialLR", "lr": 0.1, "gamma": 0.9, "last_epoch": 4, "steps": 2})
    case("LambdaLR resume", {"scheduler": "LambdaLR", "lr": 0.1, "lr_lambda": "0.9 ** epoch", "last_epoch": 2, "steps": 2})
    case("CosineAnnealingLR resume below -1", {"scheduler": "CosineAnnealingLR", "lr": 0.1, "T_max": 10, "last_epoch": -2, "steps": 2})
    case("OneCycleLR resume", {"scheduler": "OneCycleLR", "lr": 0.1, "max_lr": 1.0, "total_steps": 10, "last_epoch": 3, "steps": 2})
    # The optimizer's own checks
    case("SGD negative lr", {"scheduler": "StepLR", "lr": -0.1, "step_size": 3, "steps": 3})
    case("SGD negative momentum", {"scheduler": "StepLR", "lr": 0.1, "optimizer": {"name": "SGD", "momentum": -0.5}, "step_size": 3, "steps": 3})
    case("Adam beta 1.0", {"scheduler": "StepLR", "lr": 0.1, "optimizer": {"name": "Adam", "betas": [1.0, 0.999]}, "step_size": 3, "steps": 3})
    case("Adam beta2 negative", {"scheduler": "StepLR", "lr": 0.1, "optimizer": {"name": "Adam", "betas": [0.9, -0.1]}, "step_size": 3, "steps": 3})
    case("Adam momentum keyword", {"scheduler": "StepLR", "lr": 0.1, "optimizer": {"name": "Adam", "momentum": 0.9}, "step_size": 3, "steps": 3})
    case("Adagrad negative lr", {"scheduler": "ExponentialLR", "lr": -1.0, "optimizer": {"name": "Adagrad"}, "gamma": 0.9, "steps": 3})


def run_snippets(cases):
    """Checks lrlab's `pytorch_snippet` for every successful case: it must run under torch and
    print the very values torch gave above."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, LRLAB_SNIPPETS_OUT=tmp)
        subprocess.run(
            ["cargo", "test", "--quiet", "--test", "schedule_golden", "--", "--ignored", "dump_snippets"],
            cwd=ROOT, env=env, check=True,
        )
        checked, worst = 0, 0.0
        for i, c in enumerate(cases):
            path = os.path.join(tmp, f"{i}.py")
            if "error" in c["expected"]:
                continue
            if not os.path.exists(path):
                sys.exit(f"no snippet for case {c['name']!r}")
            # Each snippet runs as a whole script (its own imports, a fresh namespace), in this
            # process so that torch is imported once.
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                runpy.run_path(path, run_name="__main__")
            # The snippet prints the lr list, then the momentum list when it cycles.
            lines = [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]
            printed = {"lr": lines[0], "momentum": lines[1] if len(lines) > 1 else None}
            for key in ("lr", "momentum"):
                want, got = c["expected"].get(key), printed.get(key)
                if (want is None) != (got is None) or (want and len(want) != len(got)):
                    sys.exit(f"snippet of {c['name']!r}: {key} shape differs")
                for a, b in zip(got or [], want or []):
                    scale = max(abs(a), abs(b))
                    rel = abs(a - b) / scale if scale else 0.0
                    worst = max(worst, rel)
                    if rel > 1e-12:
                        sys.exit(f"snippet of {c['name']!r}: {key} {a} != {b}\n{open(path).read()}")
            checked += 1
        print(f"snippets: {checked} ran under torch {torch.__version__}, worst relative error {worst:.3g}")


def main():
    add_cases()
    for c in CASES:
        c["expected"] = expected(c["spec"])
    doc = {
        "generator": "tests/pytorch/gen_schedules.py",
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "cases": CASES,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    errors = sum("error" in c["expected"] for c in CASES)
    print(f"wrote {len(CASES)} cases ({errors} errors) to {os.path.relpath(OUT, ROOT)}")
    if "--snippets" in sys.argv:
        run_snippets(CASES)


if __name__ == "__main__":
    main()
