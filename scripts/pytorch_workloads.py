#!/usr/bin/python3
"""Time Backprop's benchmark training workloads (W1..W7) in PyTorch on this machine.

Each workload trains a small float32 multilayer perceptron with softmax cross-entropy on ten
classes over synthetic data (inputs uniform in [0, 1), random labels). Every epoch shuffles the
sample indices and walks them in mini-batches the way a normal training loop does: gather
x[perm[i:i+b]], forward, loss, backward, optimizer step. The last batch of an epoch may be
partial. The data and the model are built once, from a fixed seed.

Warm-up epochs run first and are not timed; then --epochs epochs are timed one by one with
time.perf_counter, and the median seconds per epoch gives samples per second.

Needs PyTorch, e.g. Debian's: run with /usr/bin/python3 after `apt-get install python3-torch`.
Thread settings of OpenMP (OMP_WAIT_POLICY and the like) bind when the process starts, so run one
process per configuration; scripts/bench-vs-pytorch.py does that for you.

Usage:
    /usr/bin/python3 scripts/pytorch_workloads.py --workload W1 --threads 2 --epochs 5 \\
        --warmup 1 --json
    /usr/bin/python3 scripts/pytorch_workloads.py --workload all --threads 1

With --json each workload prints one JSON object on its own line (JSON Lines) on stdout: workload,
threads, omp_wait_policy, torch, epoch_seconds, median_seconds, samples_per_second and a few
descriptive fields. Without it, one human-readable line per workload.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

# name: (layer sizes, hidden activation, learning rate, momentum, batch size, samples per epoch)
WORKLOADS = {
    "W1": ((784, 64, 10), "sigmoid", 0.1, 0.0, 32, 60_000),
    "W2": ((784, 64, 10), "improved_sigmoid", 0.02, 0.9, 32, 60_000),
    "W3": ((784,) + (64,) * 10 + (10,), "relu", 0.02, 0.9, 32, 60_000),
    "W4": ((784, 64, 10), "sigmoid", 0.1, 0.0, 512, 60_000),
    "W5": ((3072, 100, 10), "relu", 0.01, 0.0, 200, 50_000),
    "W6": ((784, 128, 10), "relu", 0.02, 0.9, 128, 60_000),
    "W7": ((784, 1024, 1024, 10), "relu", 0.01, 0.0, 1024, 60_000),
}
SEED = 1234


class ImprovedSigmoid(nn.Module):
    """LeCun's scaled tanh, f(x) = 1.7159 * tanh(2x/3)."""

    def forward(self, x):
        return 1.7159 * torch.tanh(x * (2.0 / 3.0))


ACTIVATIONS = {"sigmoid": nn.Sigmoid, "improved_sigmoid": ImprovedSigmoid, "relu": nn.ReLU}


def describe(name):
    """A one-line description of a workload, e.g. '784-64-10 sigmoid, SGD lr 0.1, batch 32'."""
    sizes, activation, lr, momentum, batch, _ = WORKLOADS[name]
    optimizer = f"SGD momentum {momentum} lr {lr}" if momentum else f"SGD lr {lr}"
    return f"{'-'.join(map(str, sizes))} {activation}, {optimizer}, batch {batch}"


def blas_libraries():
    """Real paths of the BLAS libraries this process has loaded (Linux only; else empty).

    Debian's PyTorch calls whatever libblas.so.3 the alternatives system points at: the
    reference BLAS of package libblas3 is several times slower than OpenBLAS at matrix products.
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
    except OSError:
        return []
    return sorted({os.path.realpath(p) for p in paths if p.startswith("/")})


def build_model(sizes, activation):
    """Linear layers with biases, the activation after every hidden layer, linear logits out."""
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(fan_in, fan_out))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def run_workload(name, threads, epochs, warmup):
    """Trains one workload for warmup + epochs epochs; returns the result dictionary."""
    sizes, activation, lr, momentum, batch, samples = WORKLOADS[name]
    torch.set_num_threads(threads)
    torch.manual_seed(SEED)
    x = torch.rand(samples, sizes[0], dtype=torch.float32)
    y = torch.randint(0, sizes[-1], (samples,))
    model = build_model(sizes, activation)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)

    def epoch():
        perm = torch.randperm(samples)
        for i in range(0, samples, batch):
            index = perm[i:i + batch]
            xb, yb = x[index], y[index]
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        return loss.item()

    warmup_seconds, epoch_seconds = [], []
    for e in range(warmup + epochs):
        start = time.perf_counter()
        last_loss = epoch()
        elapsed = time.perf_counter() - start
        (warmup_seconds if e < warmup else epoch_seconds).append(elapsed)
    median = statistics.median(epoch_seconds)
    return {
        "workload": name,
        "description": describe(name),
        "framework": "pytorch",
        "threads": threads,
        "torch_threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "torch": torch.__version__,
        "python": sys.executable,
        "blas": blas_libraries(),
        "dtype": "float32",
        "layers": list(sizes),
        "activation": activation,
        "lr": lr,
        "momentum": momentum,
        "batch": batch,
        "samples_per_epoch": samples,
        "warmup_seconds": warmup_seconds,
        "epoch_seconds": epoch_seconds,
        "median_seconds": median,
        "samples_per_second": samples / median,
        "last_loss": last_loss,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", default="all",
                        help="W1..W7, a comma-separated list of them, or all (default)")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed epochs first (default 1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per workload")
    args = parser.parse_args()
    if args.workload.lower() == "all":
        names = list(WORKLOADS)
    else:
        names = [n.strip().upper() for n in args.workload.split(",") if n.strip()]
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from "
                     f"{', '.join(WORKLOADS)} or all")
    if args.threads < 1 or args.epochs < 1 or args.warmup < 0:
        parser.error("--threads and --epochs must be at least 1, --warmup at least 0")
    for name in names:
        result = run_workload(name, args.threads, args.epochs, args.warmup)
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            print(f"{name} ({result['description']}): {result['median_seconds']:.3f} s/epoch, "
                  f"{result['samples_per_second']:,.0f} samples/s, {args.threads} thread(s), "
                  f"OMP_WAIT_POLICY={result['omp_wait_policy'] or 'unset'}, "
                  f"torch {result['torch']}", flush=True)


if __name__ == "__main__":
    main()
