"""What real PyTorch reaches with the lab's default run, for tests/train_converges.rs.

Same data (www/data, bytes / 255), same model (784-128-10 ReLU, PyTorch's default init), same
optimizer (Adam, lr 1e-3), batch 64 with a shuffle per epoch, 5 epochs, on three random
8000/2000 splits; prints validation loss and accuracy after each epoch. Single-threaded CPU.

    python3 tests/pytorch/train_baseline.py            # torch 2.15: 92.35%, 92.70%, 92.75%
"""

import gzip
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def read(name, header):
    with gzip.open(os.path.join(ROOT, "www", "data", name), "rb") as f:
        return np.frombuffer(f.read()[header:], dtype=np.uint8)


def main():
    torch.set_num_threads(1)
    images = read("mnist-10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    labels = read("mnist-10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    for seed in range(3):
        perm = np.random.default_rng(seed).permutation(len(labels))
        train, val = perm[:8000], perm[8000:10000]
        x, y = torch.tensor(images[train]), torch.tensor(labels[train])
        xv, yv = torch.tensor(images[val]), torch.tensor(labels[val])
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for epoch in range(1, 6):
            order = torch.randperm(len(y))
            for i in range(0, len(y), 64):
                idx = order[i : i + 64]
                opt.zero_grad()
                F.cross_entropy(model(x[idx]), y[idx]).backward()
                opt.step()
            with torch.no_grad():
                out = model(xv)
                loss = F.cross_entropy(out, yv).item()
                acc = (out.argmax(1) == yv).float().mean().item()
            print(f"split {seed} epoch {epoch}: val_loss {loss:.4f} val_acc {acc:.4f}")


if __name__ == "__main__":
    main()
