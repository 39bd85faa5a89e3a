#!/usr/bin/env python3
"""Compare two Backprop builds on one workload, interleaved: old, new, old, new, ...

On a shared machine a whole process sometimes runs 1.5-2x slower than the one before it (see
docs/performance.md, "Noise"), so two builds timed minutes apart cannot be compared. Running them
alternately and reporting the minimum and the median of the rounds can.

    scripts/bench-ab.py OLD.jar NEW.jar --workload W6 --rounds 6
    scripts/bench-ab.py ../old/backprop-cli/target/backprop.jar backprop-cli/target/backprop.jar \\
        --workload W1 --threads 1 --java /usr/lib/jvm/java-17-openjdk-amd64/bin/java

Build the old jar from a worktree: `git worktree add /tmp/old <commit>` then
`(cd /tmp/old && ./mvnw -q -DskipTests -pl backprop-cli -am package)`.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys


def newest_java():
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java") or sys.exit("no java found: set JAVA_HOME or pass --java")


def seconds_per_epoch(java, jar, args):
    cmd = [java, "--add-modules", "jdk.incubator.vector", "-jar", jar, "bench",
           "--workload", args.workload, "--threads", str(args.threads),
           "--epochs", str(args.epochs), "--warmup", str(args.warmup), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    entry = result["results"][0] if "results" in result else result
    return entry["median_seconds"]


def main():
    parser = argparse.ArgumentParser(description="Time two Backprop jars on one workload, interleaved.")
    parser.add_argument("old_jar")
    parser.add_argument("new_jar")
    parser.add_argument("--workload", default="W1", help="W1 to W7 (default W1)")
    parser.add_argument("--rounds", type=int, default=6, help="runs of each jar (default 6)")
    parser.add_argument("--threads", type=int, default=2, help="threads (default 2)")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per run (default 3)")
    parser.add_argument("--warmup", type=int, default=5,
                        help="untimed epochs per run (default 5: the JIT compiles for four or five epochs)")
    parser.add_argument("--java", help="the java to run both jars with (default JAVA_HOME's, else PATH's)")
    args = parser.parse_args()
    for jar in (args.old_jar, args.new_jar):
        if not os.path.isfile(jar):
            parser.error(f"{jar}: no such file")
    if args.rounds < 1 or args.epochs < 1 or args.warmup < 0 or args.threads < 1:
        parser.error("--rounds, --epochs and --threads must be at least 1, --warmup at least 0")
    java = args.java or newest_java()
    times = {"old": [], "new": []}
    for r in range(1, args.rounds + 1):
        for name, jar in (("old", args.old_jar), ("new", args.new_jar)):
            s = seconds_per_epoch(java, jar, args)
            times[name].append(s)
            print(f"round {r}/{args.rounds} {name}: {s:.4f} s/epoch", flush=True)
    print(f"\n{args.workload}, {args.threads} thread(s), {args.rounds} interleaved rounds (s/epoch):")
    for name, xs in times.items():
        print(f"  {name}: min {min(xs):.4f}  median {statistics.median(xs):.4f}  "
              f"all {' '.join(f'{x:.3f}' for x in xs)}")


if __name__ == "__main__":
    main()
