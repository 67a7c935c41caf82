"""Golden MLP loss and gradients from real PyTorch, for tests/mlp_golden.rs.

Writes tests/pytorch/mlp.json. Run from the repository root:  python3 tests/pytorch/gen_mlp.py

Each case is an nn.Sequential of nn.Linear layers with one activation between them, evaluated
on a fixed batch of real digits (the first BATCH of www/data, bytes / 255) with
F.cross_entropy(logits, labels) (mean). Parameters follow a rule both sides compute exactly in
float32, so the file need not carry them:

    tensor t (in model.parameters() order), element i (row-major):
        k = (i * 7919 + t * 104729) % 1999 - 999            (an integer in -999..999)
        value = k * 2**-shift[t]                            (exact in float32)

The file holds the batch, the loss, the logits and every gradient (float32, printed with 9
significant digits, which round-trips float32).
"""

import gzip
import json
import os
import re
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BATCH = 8
CASES = [
    {"hidden": [16], "activation": "relu"},
    {"hidden": [16], "activation": "tanh"},
    {"hidden": [16], "activation": "sigmoid"},
    {"hidden": [16, 12], "activation": "relu"},
    {"hidden": [16, 12], "activation": "tanh"},
    {"hidden": [16, 12], "activation": "sigmoid"},
]
ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}


def read_idx(name):
    with gzip.open(os.path.join(ROOT, "www", "data", name), "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    dims = 3 if magic == 0x803 else 1
    offset = 4 + 4 * dims
    return data[offset:], n


def shift_for(fan_in):
    """The power of two that puts k * 2**-shift near twice PyTorch's default bound 1/sqrt(fan_in)
    (larger than the default so that every layer moves the loss visibly)."""
    return int(round(np.log2(999 * np.sqrt(fan_in)))) - 1


def rule_tensor(t, shape, shift):
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    k = (i * 7919 + t * 104729) % 1999 - 999
    return torch.tensor((k.astype(np.float32) * np.float32(2.0**-shift)).reshape(shape))


def fmt(values):
    return [float("%.9g" % v) for v in values]


def main():
    pixels, _ = read_idx("mnist-10k-images-idx3-ubyte.gz")
    labels, _ = read_idx("mnist-10k-labels-idx1-ubyte.gz")
    x_bytes = list(pixels[: BATCH * 784])
    y = list(labels[:BATCH])
    x = torch.tensor(x_bytes, dtype=torch.float32).reshape(BATCH, 784) / 255.0
    target = torch.tensor(y, dtype=torch.int64)
    cases = []
    for case in CASES:
        sizes = [784] + case["hidden"] + [10]
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers.append(torch.nn.Linear(a, b))
            layers.append(ACTIVATIONS[case["activation"]]())
        model = torch.nn.Sequential(*layers[:-1])
        shifts = []
        with torch.no_grad():
            for t, p in enumerate(model.parameters()):
                fan_in = p.shape[1] if p.dim() == 2 else sizes[t // 2]
                shifts.append(shift_for(fan_in))
                p.copy_(rule_tensor(t, tuple(p.shape), shifts[-1]))
        logits = model(x)
        loss = F.cross_entropy(logits, target)
        loss.backward()
        cases.append(
            {
                "hidden": case["hidden"],
                "activation": case["activation"],
                "shifts": shifts,
                "loss": float(loss.item()),
                "logits": fmt(logits.detach().flatten().tolist()),
                "grads": [fmt(p.grad.flatten().tolist()) for p in model.parameters()],
            }
        )
    out = {
        "generator": "tests/pytorch/gen_mlp.py",
        "torch": torch.__version__,
        "rule": "k = (i * 7919 + t * 104729) % 1999 - 999; value = k * 2**-shifts[t]",
        "batch": {"pixels": x_bytes, "labels": y},
        "cases": cases,
    }
    path = os.path.normpath(os.path.join(ROOT, "tests", "pytorch", "mlp.json"))
    text = json.dumps(out, separators=(",", ":"))
    # Most first-layer gradients are exactly zero (blank pixels): write them as 0, not 0.0.
    text = re.sub(r"(?<=[,\[])-?0\.0(?=[,\]])", "0", text)
    with open(path, "w") as f:
        f.write(text + "\n")
    print(f"wrote {path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
