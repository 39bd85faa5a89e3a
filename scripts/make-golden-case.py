#!/usr/bin/python3
"""Record a training run from PyTorch (float64) in the golden-case format that Backprop's
GoldenTrajectoryTest replays (see the golden README: case.json plus .npy arrays).

Needs Debian's PyTorch: run with /usr/bin/python3 after `apt-get install python3-torch`.

Usage: scripts/make-golden-case.py OUT_DIR NAME --sizes 784 32 10 --activation tanh
           [--negative-slope 0.01] [--bias 1 0] [--loss softmax_cross_entropy|binary_cross_entropy|mse]
           [--optimizer sgd|adam] [--lr 0.1] [--momentum 0.9] [--nesterov] [--weight-decay 1e-3]
           [--batch-size 32] [--steps 40] [--seed 0] [--mnist DIR] [--n 512]
Inputs are the first N MNIST training images (from --mnist, gzipped IDX) standardised with the
mean and population std of the first 20,000 images, or Gaussian noise when --mnist is not given.
"""
import argparse
import gzip
import json
import os
import struct

import numpy as np
import torch

ACT = {
    "identity": lambda z, a: z,
    "sigmoid": lambda z, a: torch.sigmoid(z),
    "improved_sigmoid": lambda z, a: 1.7159 * torch.tanh(2 * z / 3),
    "tanh": lambda z, a: torch.tanh(z),
    "relu": lambda z, a: torch.relu(z),
    "leaky_relu": lambda z, a: torch.nn.functional.leaky_relu(z, a.negative_slope),
}


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("name")
    p.add_argument("--sizes", type=int, nargs="+", required=True)
    p.add_argument("--activation", default="sigmoid")
    p.add_argument("--negative-slope", type=float, default=0.01)
    p.add_argument("--bias", type=int, nargs="+")
    p.add_argument("--loss", default="softmax_cross_entropy")
    p.add_argument("--optimizer", default="sgd")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.0)
    p.add_argument("--nesterov", action="store_true")
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mnist")
    p.add_argument("--n", type=int, default=512)
    a = p.parse_args()

    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    layers = len(a.sizes) - 1
    bias = [bool(b) for b in (a.bias or [1] * layers)]
    if a.mnist:
        images = idx(os.path.join(a.mnist, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float64)
        labels = idx(os.path.join(a.mnist, "train-labels-idx1-ubyte.gz")).astype(np.int64)
        mean, std = images[:20000].mean(), images[:20000].std()
        X = (images[:a.n] - mean) / std
        y = labels[:a.n]
        if a.sizes[0] != 784:
            X = X[:, :a.sizes[0]]
    else:
        X = rng.standard_normal((a.n, a.sizes[0]))
        y = rng.integers(0, max(2, a.sizes[-1]), a.n)
    if a.loss == "binary_cross_entropy":
        y = (y % 2).astype(np.int64)

    Ws, bs = [], []
    for i in range(layers):
        bound = 1 / np.sqrt(a.sizes[i])
        Ws.append(torch.tensor(rng.uniform(-bound, bound, (a.sizes[i], a.sizes[i + 1])), requires_grad=True))
        bs.append(torch.tensor(rng.uniform(-bound, bound, a.sizes[i + 1]), requires_grad=True) if bias[i] else None)
    params = [w for w in Ws] + [b for b in bs if b is not None]
    init = [t.detach().numpy().copy() for t in Ws], [None if b is None else b.detach().numpy().copy() for b in bs]

    if a.optimizer == "sgd":
        opt = torch.optim.SGD(params, lr=a.lr, momentum=a.momentum, nesterov=a.nesterov)
    else:
        opt = torch.optim.Adam(params, lr=a.lr)

    Xt = torch.tensor(X)
    yt = torch.tensor(y)

    def forward(x):
        h = x
        for i in range(layers):
            h = h @ Ws[i] + (bs[i] if bs[i] is not None else 0)
            if i < layers - 1:
                h = ACT[a.activation](h, a)
        return h

    def data_loss(z, t):
        if a.loss == "softmax_cross_entropy":
            return torch.nn.functional.cross_entropy(z, t)
        if a.loss == "binary_cross_entropy":
            return torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], t.double())
        return torch.nn.functional.mse_loss(z, torch.nn.functional.one_hot(t, z.shape[1]).double())

    batches = np.stack([rng.choice(a.n, a.batch_size, replace=False) for _ in range(a.steps)]).astype(np.int32)
    losses, penalties = [], []
    for s in range(a.steps):
        idx_s = torch.tensor(batches[s].astype(np.int64))
        opt.zero_grad()
        loss = data_loss(forward(Xt[idx_s]), yt[idx_s])
        penalty = sum((w ** 2).sum() for w in Ws) * a.weight_decay / 2
        losses.append(loss.item())
        penalties.append(penalty.item())
        (loss + penalty).backward()
        opt.step()

    out = os.path.join(a.out, a.name)
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "X.npy"), X)
    np.save(os.path.join(out, "y.npy"), y)
    np.save(os.path.join(out, "batches.npy"), batches)
    np.save(os.path.join(out, "losses.npy"), np.array(losses))
    np.save(os.path.join(out, "penalties.npy"), np.array(penalties))
    for i in range(layers):
        np.save(os.path.join(out, f"W{i}_init.npy"), init[0][i])
        np.save(os.path.join(out, f"W{i}_final.npy"), Ws[i].detach().numpy())
        if bias[i]:
            np.save(os.path.join(out, f"b{i}_init.npy"), init[1][i])
            np.save(os.path.join(out, f"b{i}_final.npy"), bs[i].detach().numpy())
    with torch.no_grad():
        np.save(os.path.join(out, "logits_final.npy"), forward(Xt).numpy())
    opt_json = {"type": a.optimizer, "lr": a.lr}
    if a.optimizer == "sgd" and a.momentum:
        opt_json["momentum"] = a.momentum
    if a.nesterov:
        opt_json["nesterov"] = True
    if a.optimizer == "adam":
        opt_json.update({"beta1": 0.9, "beta2": 0.999, "eps": 1e-8})
    case = {"sizes": a.sizes, "activation": a.activation, "bias": bias, "loss": a.loss, "optimizer": opt_json,
            "weight_decay": a.weight_decay, "batch_size": a.batch_size, "steps": a.steps, "seed": a.seed}
    if a.activation == "leaky_relu":
        case["negative_slope"] = a.negative_slope
    with open(os.path.join(out, "case.json"), "w") as f:
        json.dump(case, f, indent=2)
    print(out, "final loss", losses[-1])


if __name__ == "__main__":
    main()
