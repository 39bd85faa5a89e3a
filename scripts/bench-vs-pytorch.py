#!/usr/bin/env python3
"""Benchmark Backprop against PyTorch and numpy on this machine, in one run.

For each training workload (W1..W7, see scripts/pytorch_workloads.py) this runs
`./backprop bench --workload Wn --threads T --epochs E --warmup W --json` and the same workload in
PyTorch three times, each in a fresh process: 1 thread, T threads, and T threads with
OMP_WAIT_POLICY=PASSIVE. It then measures matrix-product GFLOP/s of Backprop
(`./backprop bench --gemm`) against numpy (OpenBLAS) on the same shapes, and prints markdown
tables: samples/s, the ratio of Backprop to PyTorch's fastest configuration against the target,
the GEMM comparison, and how far W1's epoch is from its arithmetic floor.

Runs under any python3 with only the standard library. PyTorch runs under /usr/bin/python3
(Debian's python3-torch, installed with apt-get when missing); numpy runs under the first of
`python3` on PATH and /usr/bin/python3 that has it. Debian's PyTorch uses whatever libblas.so.3
is selected; when that is the slow reference BLAS, libopenblas0-openmp is installed too (unless
--keep-blas).

Usage (from anywhere; Backprop runs from the repository root):
    scripts/bench-vs-pytorch.py                      # all workloads, 5 timed epochs each
    scripts/bench-vs-pytorch.py --quick --workloads W1,W4
    scripts/bench-vs-pytorch.py --java-home /usr/lib/jvm/java-17-openjdk-amd64 \\
        --out bench-results/jdk17

Options: --epochs N (default 5), --warmup N (default 5), --rounds N (default 1: runs of every
system, interleaved; the median round is reported), --threads N (default 2),
--workloads W1,W4 (default all), --out DIR (default bench-results/), --java-home PATH (JAVA_HOME
for the Backprop runs; otherwise the environment is passed through and the launcher picks the
newest JDK), --skip-gemm, --quick (2 timed epochs, for a smoke run), --keep-blas,
--torch-python PATH. Environment: BACKPROP_BENCH_CMD replaces the command prefix
`./backprop bench` (e.g. with a stub while testing).

Writes results.json (every raw result), results.md (the tables) and comparison.svg (samples/s
per workload, log scale) to --out. Exits 0 when every run succeeded, 1 when some failed,
2 when no Python with PyTorch could be found or installed.
"""
import argparse
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W7"]
# Backprop's samples/s over PyTorch's fastest configuration that each workload should reach.
TARGETS = {"W1": 5.0, "W2": 5.0, "W3": None, "W4": 2.0, "W5": 2.0, "W6": 2.0, "W7": 1.0}
GEMM_SHAPES = [(2048, 2048, 2048), (32, 64, 784), (512, 64, 784), (1024, 1024, 784)]
GEMM_DTYPES = ["float32", "float64"]
DEBIAN_PYTHON = "/usr/bin/python3"
REFERENCE_BLAS = "/blas/libblas.so"  # Debian's netlib BLAS lives in .../x86_64-linux-gnu/blas/

TORCH_PROBE = """
import json, os, torch
torch.ones(8, 8) @ torch.ones(8, 8)
with open("/proc/self/maps") as maps:
    libs = {line.split()[-1] for line in maps if "blas" in line.lower()}
print(json.dumps({"torch": torch.__version__,
                  "blas": sorted({os.path.realpath(p) for p in libs if p.startswith("/")})}))
"""

NUMPY_GEMM = """
import json, math, os, sys, time
import numpy as np

shapes = json.loads(sys.argv[1])
rng = np.random.default_rng(0)
results = []
for dtype in ("float32", "float64"):
    for m, n, k in shapes:
        a = rng.random((m, k)).astype(dtype)
        b = rng.random((k, n)).astype(dtype)
        a @ b
        start = time.perf_counter()
        a @ b
        single = time.perf_counter() - start
        reps = max(1, int(0.2 / max(single, 1e-7)))
        best = math.inf
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(reps):
                a @ b
            best = min(best, (time.perf_counter() - start) / reps)
        results.append({"dtype": dtype, "m": m, "n": n, "k": k, "reps": reps,
                        "seconds": best, "gflops": 2.0 * m * n * k / best / 1e9})
blas = None
try:
    config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    blas = "%s %s" % (config.get("name", ""), config.get("version", ""))
except Exception:
    pass
try:
    with open("/proc/self/maps") as maps:
        libs = sorted({os.path.realpath(line.split()[-1]) for line in maps
                       if "blas" in line.lower() and line.split()[-1].startswith("/")})
except OSError:
    libs = []
print(json.dumps({"numpy": np.__version__, "python": sys.executable, "blas": blas,
                  "blas_libraries": libs,
                  "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                  "results": results}))
"""


def log(message):
    """Progress goes to stderr, so stdout carries only the report."""
    print(message, file=sys.stderr, flush=True)


def run_tee(cmd, env=None, cwd=None):
    """Runs cmd; returns (exit code, stdout, last stderr lines). Stderr is echoed as it comes."""
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    except OSError as e:
        return 127, "", [str(e)]
    tail = []

    def pump():
        for line in proc.stderr:
            sys.stderr.write("    | " + line)
            sys.stderr.flush()
            tail.append(line.rstrip("\n"))
            del tail[:-20]

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    stdout = proc.stdout.read()
    proc.wait()
    reader.join()
    return proc.returncode, stdout, tail


def json_objects(text):
    """The JSON objects in a program's stdout: the whole of it, or one per line."""
    try:
        value = json.loads(text)
        return [value] if isinstance(value, dict) else []
    except ValueError:
        pass
    objects = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                objects.append(json.loads(line))
            except ValueError:
                pass
    return objects


def run_json(cmd, env=None, cwd=None, what="command", shown=None):
    """Runs a command that prints one JSON object; returns it, or {'error': ...} on failure."""
    log(f"  $ {shown or ' '.join(shlex.quote(c) for c in cmd)}")
    code, stdout, tail = run_tee(cmd, env=env, cwd=cwd)
    objects = json_objects(stdout)
    if code != 0 or not objects:
        reason = f"exit code {code}" if code != 0 else "no JSON object on stdout"
        detail = tail[-1] if tail else stdout.strip()[-200:]
        log(f"  ! {what} failed: {reason}{': ' + detail if detail else ''}")
        return {"error": f"{what} failed: {reason}", "stderr_tail": tail, "command": cmd}
    return objects[-1]


def privileged(cmd):
    """cmd as root: unchanged when root, via sudo when available, else None."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return cmd
    if shutil.which("sudo"):
        return ["sudo"] + cmd
    return None


def apt_install(packages):
    """Installs Debian packages with apt-get (updating the lists once on failure)."""
    if not shutil.which("apt-get"):
        log("  apt-get not found; cannot install " + " ".join(packages))
        return False
    install = privileged(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y"]
                         + packages)
    if install is None:
        log("  not root and no sudo; cannot install " + " ".join(packages))
        return False
    log("  $ " + " ".join(install))
    if subprocess.run(install).returncode == 0:
        return True
    update = privileged(["apt-get", "update"])
    log("  install failed; $ " + " ".join(update))
    subprocess.run(update)
    log("  $ " + " ".join(install))
    return subprocess.run(install).returncode == 0


def probe_torch(python):
    """{'torch': version, 'blas': [libraries]} for a Python with PyTorch, else None."""
    if not (os.path.isfile(python) and os.access(python, os.X_OK)):
        return None
    proc = subprocess.run([python, "-c", TORCH_PROBE], capture_output=True, text=True)
    objects = json_objects(proc.stdout) if proc.returncode == 0 else []
    return objects[-1] if objects else None


def uses_reference_blas(probe):
    return any(REFERENCE_BLAS in lib for lib in probe.get("blas", []))


def find_torch_python(args):
    """Step 1: a Python with PyTorch (installing python3-torch if needed) and its probe."""
    python = args.torch_python or DEBIAN_PYTHON
    log(f"Looking for PyTorch under {python}")
    probe = probe_torch(python)
    if probe is None and not args.torch_python:
        log("  PyTorch not found; installing Debian's python3-torch (with OpenBLAS)")
        packages = ["python3-torch"] + ([] if args.keep_blas else ["libopenblas0-openmp"])
        apt_install(packages)
        probe = probe_torch(python)
    if probe is None:
        return None, None
    log(f"  torch {probe['torch']}, BLAS {', '.join(probe['blas']) or 'unknown'}")
    if uses_reference_blas(probe):
        if args.keep_blas:
            log("  WARNING: PyTorch uses the reference BLAS (libblas3); its matrix products are "
                "several times slower than with OpenBLAS (--keep-blas given, measuring as is)")
        else:
            log("  PyTorch uses the slow reference BLAS; installing libopenblas0-openmp so it "
                "gets OpenBLAS (the OpenMP build follows torch.set_num_threads; --keep-blas "
                "skips this)")
            if apt_install(["libopenblas0-openmp"]):
                probe = probe_torch(python) or probe
            if uses_reference_blas(probe):
                log("  WARNING: still the reference BLAS; PyTorch numbers will be low")
    return python, probe


def find_numpy_python():
    """The first of python3 on PATH and /usr/bin/python3 that imports numpy."""
    for python in [shutil.which("python3"), DEBIAN_PYTHON]:
        if python and os.access(python, os.X_OK):
            proc = subprocess.run([python, "-c", "import numpy"], capture_output=True)
            if proc.returncode == 0:
                return python
    return None


def backprop_command():
    return shlex.split(os.environ.get("BACKPROP_BENCH_CMD", "./backprop bench"))


def backprop_env(java_home):
    env = dict(os.environ)
    if java_home:
        env["JAVA_HOME"] = java_home
    return env


def run_backprop(workload, args):
    cmd = backprop_command() + ["--workload", workload, "--threads", str(args.threads),
                                "--epochs", str(args.epochs), "--warmup", str(args.warmup),
                                "--json"]
    return run_json(cmd, env=backprop_env(args.java_home), cwd=REPO,
                    what=f"Backprop {workload}")


def pytorch_configs(threads):
    """(label, threads, OMP_WAIT_POLICY) of the three PyTorch configurations."""
    return [("1 thr", 1, None), (f"{threads} thr", threads, None),
            (f"{threads} thr PASSIVE", threads, "PASSIVE")]


def run_pytorch(python, workload, threads, wait_policy, args):
    env = dict(os.environ)
    env.pop("OMP_WAIT_POLICY", None)
    if wait_policy:
        env["OMP_WAIT_POLICY"] = wait_policy
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    cmd = [python, str(SCRIPTS / "pytorch_workloads.py"), "--workload", workload,
           "--threads", str(threads), "--epochs", str(args.epochs), "--warmup",
           str(args.warmup), "--json"]
    return run_json(cmd, env=env, what=f"PyTorch {workload} {threads} thr "
                                       f"{wait_policy or ''}".rstrip())


def combine_rounds(results):
    """One result from the same run repeated in several rounds: the median of the rounds' medians.

    A machine shared with other work makes single runs swing by tens of percent; interleaving the
    systems round by round and taking the median spreads that over all of them. The per-round
    figures stay in the result as `rounds_median_seconds`.
    """
    ok = [r for r in results if "median_seconds" in r and r.get("samples_per_epoch")]
    if not ok:
        return results[0]
    medians = sorted(r["median_seconds"] for r in ok)
    middle = len(medians) // 2
    median = medians[middle] if len(medians) % 2 else (medians[middle - 1] + medians[middle]) / 2
    combined = dict(ok[0])
    combined["median_seconds"] = median
    combined["samples_per_second"] = ok[0]["samples_per_epoch"] / median
    combined["rounds_median_seconds"] = [r["median_seconds"] for r in ok]
    if "gflops" in ok[0] and ok[0]["median_seconds"]:
        combined["gflops"] = ok[0]["gflops"] * ok[0]["median_seconds"] / median
    failed = len(results) - len(ok)
    if failed:
        combined["failed_rounds"] = failed
    return combined


def run_gemm(args):
    """Step 4: Backprop's and numpy's matrix-product GFLOP/s on the same shapes."""
    log("GEMM: Backprop")
    cmd = backprop_command() + ["--gemm", "--threads", str(args.threads), "--json"]
    backprop = run_json(cmd, env=backprop_env(args.java_home), cwd=REPO, what="Backprop gemm")
    shapes = list(GEMM_SHAPES)
    for r in backprop.get("results", []):
        shape = (r.get("m"), r.get("n"), r.get("k"))
        if all(isinstance(v, int) for v in shape) and shape not in shapes:
            shapes.append(shape)
    python = find_numpy_python()
    if python is None:
        log("  ! no python3 with numpy found (tried python3 on PATH and /usr/bin/python3)")
        numpy = {"error": "no python3 with numpy found"}
    else:
        log(f"GEMM: numpy under {python}, OPENBLAS_NUM_THREADS={args.threads}")
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads))
        numpy = run_json([python, "-c", NUMPY_GEMM, json.dumps(shapes)], env=env,
                         what="numpy gemm", shown=f"{python} -c <numpy GEMM timing> "
                                                  f"'{json.dumps(shapes)}'")
    return backprop, numpy


def matmul_flops(layers, samples):
    """FLOPs of one epoch's matrix products: forward, weight gradients, input gradients.

    Forward is sum(in*out) multiply-adds per sample, the weight gradients as many again, and
    the input gradients sum(in*out) over every layer but the first; a multiply-add is 2 FLOPs.
    """
    pairs = list(zip(layers[:-1], layers[1:]))
    macs = 2 * sum(i * o for i, o in pairs) + sum(i * o for i, o in pairs[1:])
    return 2 * macs * samples


def fmt(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def machine_facts(backprop_results, gemm_backprop, torch_probe, numpy_result, args):
    cpu = "unknown"
    try:
        # Virtual machines of one kind may run on different CPU generations ("AMD EPYC" on Zen 4
        # and Zen 5 alike), so the family, model and widest vector extension are kept too.
        info = {}
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                info[key.strip()] = value.strip()
        flags = set(info.get("flags", "").split())
        vector = next((v for v in ("avx512f", "avx2", "avx", "sse4_2") if v in flags), "no AVX")
        cpu = (f"{info.get('model name', 'unknown')} (family {info.get('cpu family', '?')}, "
               f"model {info.get('model', '?')}, {vector})")
    except OSError:
        cpu = platform.processor() or "unknown"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    ok = [r for r in backprop_results.values() if "error" not in r]
    source = ok[0] if ok else (gemm_backprop if gemm_backprop and "error" not in gemm_backprop
                               else {})
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_available": affinity,
        "os": f"{platform.system()} {platform.release()}",
        "load_average_at_start": args.load_at_start,
        "load_average_at_end": list(load) if load else None,
        "backprop_jdk": source.get("jdk"),
        "backprop_kernels": source.get("kernels"),
        "java_home": args.java_home or os.environ.get("JAVA_HOME"),
        "torch": torch_probe.get("torch") if torch_probe else None,
        "torch_blas": torch_probe.get("blas") if torch_probe else None,
        "numpy": numpy_result.get("numpy") if numpy_result else None,
        "numpy_blas": (numpy_result.get("blas") or ", ".join(numpy_result.get("blas_libraries", []))
                       if numpy_result else None),
        "numpy_python": numpy_result.get("python") if numpy_result else None,
        "threads": args.threads,
        "epochs": args.epochs,
        "warmup": args.warmup,
        "rounds": args.rounds,
    }


def facts_markdown(facts):
    cores = f"{facts['cores']}"
    if facts["cores_available"] and facts["cores_available"] != facts["cores"]:
        cores += f" ({facts['cores_available']} available to this process)"
    lines = [
        f"- Date: {facts['date']}",
        f"- CPU: {facts['cpu']}, {cores} cores; {facts['os']}",
        f"- Backprop: JDK {facts['backprop_jdk'] or '?'}, "
        f"kernels {facts['backprop_kernels'] or '?'}"
        + (f" (JAVA_HOME={facts['java_home']})" if facts["java_home"] else ""),
        f"- PyTorch: {facts['torch'] or '?'}, BLAS {', '.join(facts['torch_blas'] or []) or '?'}",
        f"- numpy: {facts['numpy'] or '—'}, BLAS {facts['numpy_blas'] or '?'}"
        + (f" ({facts['numpy_python']})" if facts["numpy_python"] else ""),
        f"- Runs: {facts['threads']} threads, {facts['warmup']} warm-up + {facts['epochs']} timed "
        f"epochs, median seconds per epoch"
        + (f"; every system run {facts['rounds']} times, interleaved, and the median round reported"
           if facts.get("rounds", 1) > 1 else ""),
    ]
    if facts["load_average_at_start"]:
        lines.append(f"- Load average (1 min) at start {facts['load_average_at_start'][0]:.2f}, "
                     f"at end {facts['load_average_at_end'][0]:.2f}: other work on the machine "
                     f"skews the numbers")
    return "\n".join(lines)


def summarize(workloads, backprop_results, pytorch_results, labels):
    """One row per workload: Backprop, the PyTorch configurations, ratio and target."""
    rows = []
    for w in workloads:
        b = backprop_results.get(w, {})
        torch_sps = {label: pytorch_results[w][label].get("samples_per_second")
                     for label in labels}
        fastest = max((v for v in torch_sps.values() if v), default=None)
        fastest_label = next((k for k, v in torch_sps.items() if v == fastest), None)
        sps = b.get("samples_per_second")
        ratio = sps / fastest if sps and fastest else None
        target = TARGETS.get(w)
        met = None if target is None or ratio is None else ratio >= target
        rows.append({"workload": w, "backprop_seconds": b.get("median_seconds"),
                     "backprop_samples_per_second": sps, "pytorch": torch_sps,
                     "pytorch_fastest": fastest_label, "ratio": ratio, "target": target,
                     "met": met})
    return rows


def throughput_markdown(rows, labels, descriptions):
    head = (["Workload", "Backprop s/epoch", "Backprop samples/s"]
            + [f"PyTorch {label}" for label in labels]
            + ["Ratio to PyTorch's fastest", "Target", "Met?"])
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(head) - 3) + [":---:", ":---:"]) + "|"]
    for r in rows:
        torch_cells = []
        for label in labels:
            cell = fmt(r["pytorch"][label])
            torch_cells.append(f"**{cell}**" if label == r["pytorch_fastest"] else cell)
        met = "—" if r["met"] is None else ("yes" if r["met"] else "no")
        cells = ([r["workload"], fmt(r["backprop_seconds"], 3),
                  fmt(r["backprop_samples_per_second"])] + torch_cells
                 + [f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—",
                    f"{r['target']:g}×" if r["target"] else "none", met])
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("PyTorch columns are samples/s (fastest in bold). Workloads:")
    for w, text in descriptions.items():
        lines.append(f"- {w}: {text}")
    return "\n".join(lines)


def gemm_rows(gemm_backprop, numpy_result):
    bp = {(r.get("dtype"), r.get("m"), r.get("n"), r.get("k")): r.get("gflops")
          for r in (gemm_backprop or {}).get("results", [])}
    npy = {(r["dtype"], r["m"], r["n"], r["k"]): r["gflops"]
           for r in (numpy_result or {}).get("results", [])}
    rows = []
    for key in list(npy) + [k for k in bp if k not in npy]:
        dtype, m, n, k = key
        b, n_ = bp.get(key), npy.get(key)
        rows.append({"dtype": dtype, "m": m, "n": n, "k": k, "backprop_gflops": b,
                     "numpy_gflops": n_, "ratio": b / n_ if b and n_ else None})
    return rows


def gemm_markdown(rows):
    lines = ["| Shape (m×n×k) | dtype | Backprop GFLOP/s | numpy GFLOP/s | Ratio |",
             "|---|---|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['m']}×{r['n']}×{r['k']} | {r['dtype']} | "
                     f"{fmt(r['backprop_gflops'], 1)} | {fmt(r['numpy_gflops'], 1)} | "
                     f"{fmt(r['ratio'], 2)}{'×' if r['ratio'] is not None else ''} |")
    return "\n".join(lines)


def floor_text(rows, pytorch_results, gemm_rows_, threads):
    """The W1 arithmetic floor sentence, or why it cannot be computed."""
    if "W1" not in pytorch_results:
        return None, None
    peak = next((r["numpy_gflops"] for r in gemm_rows_ if r["dtype"] == "float32"
                 and (r["m"], r["n"], r["k"]) == (2048, 2048, 2048) and r["numpy_gflops"]), None)
    if peak is None:
        return ("W1 arithmetic floor: not computed (needs numpy's float32 2048³ GFLOP/s; "
                "--skip-gemm given or numpy failed)"), None
    any_run = next((r for r in pytorch_results["W1"].values() if "layers" in r), None)
    layers = any_run["layers"] if any_run else [784, 64, 10]
    samples = any_run["samples_per_epoch"] if any_run else 60_000
    flops = matmul_flops(layers, samples)
    floor_s = flops / (peak * 1e9)
    row = next(r for r in rows if r["workload"] == "W1")
    info = {"flops_per_epoch": flops, "numpy_float32_2048_gflops": peak, "threads": threads,
            "floor_seconds": floor_s}
    parts = [f"W1 matrix products: {flops / 1e9:.3f} GFLOP per epoch; at numpy's {threads}-thread "
             f"float32 2048³ rate of {peak:.1f} GFLOP/s that is a floor of {floor_s * 1e3:.1f} ms"
             f" per epoch."]
    if row["backprop_seconds"]:
        info["backprop_multiple"] = row["backprop_seconds"] / floor_s
        parts.append(f"W1 epoch is {info['backprop_multiple']:.1f}× its arithmetic floor.")
    else:
        parts.append("W1 epoch: no Backprop result.")
    best = row["pytorch"].get(row["pytorch_fastest"]) if row["pytorch_fastest"] else None
    if best:
        info["pytorch_multiple"] = samples / best / floor_s
        parts.append(f"(PyTorch's fastest W1 epoch is {info['pytorch_multiple']:.1f}× it.)")
    return " ".join(parts), info


def svg_chart(rows, labels, title, subtitle=""):
    """A grouped bar chart of samples/s per workload on a log scale, as an SVG string."""
    series = [("Backprop", lambda r: r["backprop_samples_per_second"])] + [
        (f"PyTorch {label}", lambda r, label=label: r["pytorch"][label]) for label in labels]
    colours = ["#1f77b4", "#fdae6b", "#f16913", "#a63603"]
    values = [f(r) for r in rows for _, f in series if f(r)]
    width, height = 960, 500
    left, right, top, bottom = 90, 20, 80, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    lo = 10 ** math.floor(math.log10(min(values))) if values else 1.0
    hi = 10 ** math.ceil(math.log10(max(values))) if values else 10.0
    if hi <= lo:
        hi = lo * 10

    def y(v):
        return top + plot_h * (1 - (math.log10(v) - math.log10(lo))
                               / (math.log10(hi) - math.log10(lo)))

    def short(v):
        for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
            if v >= scale:
                return f"{v / scale:.3g}{suffix}"
        return f"{v:.3g}"

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15" '
           f'font-weight="bold">{escape(title)}</text>',
           f'<text x="{width / 2}" y="40" text-anchor="middle" fill="#555555">'
           f'{escape(subtitle)}</text>']
    decade = lo
    while decade <= hi * 1.0001:
        for m in (1, 2, 5):
            v = decade * m
            if v > hi * 1.0001:
                break
            yy = y(v)
            major = m == 1
            out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}" '
                       f'stroke="{"#cccccc" if major else "#eeeeee"}"/>')
            if major or hi / lo <= 100:
                out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">'
                           f'{short(v)}</text>')
        decade *= 10
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
               f'y2="{top + plot_h}" stroke="black"/>')
    group_w = plot_w / max(1, len(rows))
    bar_w = group_w * 0.8 / len(series)
    for g, r in enumerate(rows):
        x0 = left + g * group_w + group_w * 0.1
        for s, (name, f) in enumerate(series):
            v = f(r)
            x = x0 + s * bar_w
            if not v:
                out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 4}" '
                           f'text-anchor="middle" font-size="9">n/a</text>')
                continue
            yy = y(v)
            out.append(f'<rect x="{x:.1f}" y="{yy:.1f}" width="{bar_w - 1:.1f}" '
                       f'height="{top + plot_h - yy:.1f}" fill="{colours[s % len(colours)]}">'
                       f'<title>{escape(r["workload"])} {escape(name)}: {v:,.0f} samples/s'
                       f'</title></rect>')
            out.append(f'<text x="{x + bar_w / 2:.1f}" y="{yy - 3:.1f}" text-anchor="middle" '
                       f'font-size="9">{short(v)}</text>')
        out.append(f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 18}" '
                   f'text-anchor="middle">{escape(r["workload"])}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 15}" text-anchor="middle">'
               f'workload</text>')
    out.append(f'<text x="20" y="{top + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 20 {top + plot_h / 2})">samples/s (log scale)</text>')
    lx = left
    for s, (name, _) in enumerate(series):
        out.append(f'<rect x="{lx}" y="52" width="14" height="14" '
                   f'fill="{colours[s % len(colours)]}"/>')
        out.append(f'<text x="{lx + 20}" y="64">{escape(name)}</text>')
        lx += 40 + 8 * len(name)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def parse_args():
    parser = argparse.ArgumentParser(
        description="Run Backprop's training workloads and matrix products against PyTorch "
                    "and numpy on this machine; print markdown tables.",
        epilog="Environment: BACKPROP_BENCH_CMD replaces the command prefix './backprop bench'.")
    parser.add_argument("--epochs", type=int,
                        help="timed epochs per run (default 5; 2 with --quick)")
    parser.add_argument("--warmup", type=int, default=5,
                        help="untimed epochs first (default 5: on two cores the JIT compiles for four or five epochs)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every system N times, interleaved, and report the median of "
                             "the rounds (default 1; 3 on a machine shared with other work)")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads for Backprop, PyTorch's multi-threaded runs and numpy "
                             "(default 2)")
    parser.add_argument("--workloads", default="all", help="e.g. W1,W4 (default all)")
    parser.add_argument("--out", default="bench-results",
                        help="output directory (default bench-results/)")
    parser.add_argument("--java-home", help="JAVA_HOME for the Backprop runs")
    parser.add_argument("--skip-gemm", action="store_true", help="skip the matrix products")
    parser.add_argument("--quick", action="store_true", help="2 timed epochs, for a smoke run")
    parser.add_argument("--keep-blas", action="store_true",
                        help="do not install OpenBLAS when PyTorch uses the reference BLAS")
    parser.add_argument("--torch-python", help="a Python with PyTorch (default /usr/bin/python3, "
                                               "installing python3-torch when missing)")
    args = parser.parse_args()
    if args.epochs is None:
        args.epochs = 2 if args.quick else 5
    if args.workloads.lower() == "all":
        args.workloads = list(WORKLOADS)
    else:
        args.workloads = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
        unknown = [w for w in args.workloads if w not in WORKLOADS]
        if unknown or not args.workloads:
            parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from "
                         f"{', '.join(WORKLOADS)}")
    if args.epochs < 1 or args.warmup < 0 or args.threads < 1 or args.rounds < 1:
        parser.error("--epochs, --threads and --rounds must be at least 1, --warmup at least 0")
    if args.java_home:
        args.java_home = os.path.abspath(args.java_home)
        if not os.access(os.path.join(args.java_home, "bin", "java"), os.X_OK):
            parser.error(f"--java-home {args.java_home}: no bin/java there")
    return args


def mismatches(backprop_results, pytorch_results):
    """Notes where Backprop reports a different batch or epoch size than PyTorch ran."""
    notes = []
    for w, b in backprop_results.items():
        p = next((r for r in pytorch_results.get(w, {}).values() if "batch" in r), None)
        if "error" in b or p is None:
            continue
        for key in ("batch", "samples_per_epoch"):
            if key in b and b[key] != p[key]:
                notes.append(f"{w}: Backprop reports {key} {b[key]}, PyTorch ran {p[key]}")
    return notes


def main():
    args = parse_args()
    args.load_at_start = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    torch_python, torch_probe = find_torch_python(args)
    if torch_python is None:
        print("error: no Python with PyTorch found. Tried "
              f"{args.torch_python or DEBIAN_PYTHON}"
              + ("" if args.torch_python else " and `apt-get install -y python3-torch`")
              + "; install PyTorch (Debian: sudo apt-get install python3-torch "
                "libopenblas0-openmp) or pass --torch-python.", file=sys.stderr)
        return 2

    labels = [label for label, _, _ in pytorch_configs(args.threads)]
    backprop_results, pytorch_results, descriptions = {}, {}, {}
    for w in args.workloads:
        backprop_rounds, torch_rounds = [], {label: [] for label in labels}
        for round_ in range(args.rounds):
            of = f" (round {round_ + 1}/{args.rounds})" if args.rounds > 1 else ""
            log(f"[{w}] Backprop, {args.threads} threads{of}")
            backprop_rounds.append(run_backprop(w, args))
            for label, threads, policy in pytorch_configs(args.threads):
                log(f"[{w}] PyTorch {label}{of}")
                torch_rounds[label].append(run_pytorch(torch_python, w, threads, policy, args))
        backprop_results[w] = combine_rounds(backprop_rounds)
        pytorch_results[w] = {label: combine_rounds(runs) for label, runs in torch_rounds.items()}
        described = [backprop_results[w]] + list(pytorch_results[w].values())
        descriptions[w] = next((r["description"] for r in described if r.get("description")), "")
        r = backprop_results[w]
        if "samples_per_second" in r:
            log(f"[{w}] Backprop {r['samples_per_second']:,.0f} samples/s; PyTorch "
                + ", ".join(f"{k} {fmt(v.get('samples_per_second'))}"
                            for k, v in pytorch_results[w].items()))

    gemm_backprop = numpy_result = None
    if not args.skip_gemm:
        gemm_backprop, numpy_result = run_gemm(args)

    rows = summarize(args.workloads, backprop_results, pytorch_results, labels)
    grows = gemm_rows(gemm_backprop, numpy_result) if not args.skip_gemm else []
    floor, floor_info = floor_text(rows, pytorch_results, grows, args.threads)
    facts = machine_facts(backprop_results, gemm_backprop, torch_probe, numpy_result, args)

    sections = ["# Backprop vs PyTorch", "", facts_markdown(facts), "",
                "## Training throughput (samples/s, float32)", "",
                throughput_markdown(rows, labels, descriptions)]
    if floor:
        sections += ["", floor]
    if not args.skip_gemm:
        sections += ["", f"## Matrix products ({args.threads} threads, best of 5)", "",
                     gemm_markdown(grows)]
    failures = ([f"Backprop {w}" for w, r in backprop_results.items() if "error" in r]
                + [f"PyTorch {w} {k}" for w, runs in pytorch_results.items()
                   for k, r in runs.items() if "error" in r]
                + (["Backprop gemm"] if gemm_backprop and "error" in gemm_backprop else [])
                + (["numpy gemm"] if numpy_result and "error" in numpy_result else []))
    if failures:
        sections += ["", "Failed runs: " + ", ".join(failures) + " (see results.json)."]
    notes = mismatches(backprop_results, pytorch_results)
    if notes:
        sections += ["", "Not the same workload: " + "; ".join(notes) + "."]
    report = "\n".join(sections) + "\n"

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    raw = {"machine": facts, "workloads": args.workloads, "summary": rows,
           "backprop": backprop_results, "pytorch": pytorch_results,
           "torch_python": torch_python, "torch_probe": torch_probe,
           "gemm": {"backprop": gemm_backprop, "numpy": numpy_result, "rows": grows},
           "w1_floor": floor_info}
    (out / "results.json").write_text(json.dumps(raw, indent=2) + "\n")
    (out / "results.md").write_text(report)
    title = (f"Training throughput, Backprop (JDK {facts['backprop_jdk'] or '?'}) vs PyTorch "
             f"{facts['torch'] or '?'}, float32")
    subtitle = (f"{facts['cpu']}, {facts['cores']} cores; Backprop {args.threads} threads; "
                f"median of {args.epochs} epochs" + (f", median of {args.rounds} rounds" if args.rounds > 1 else ""))
    (out / "comparison.svg").write_text(svg_chart(rows, labels, title, subtitle))
    print(report)
    log(f"Wrote {out / 'results.json'}, {out / 'results.md'} and {out / 'comparison.svg'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
