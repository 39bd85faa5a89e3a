#!/usr/bin/env bash
# Fuzzes the readers (IDX, CIFAR-10, .npy, safetensors, model files and checkpoints, images for
# predict, experiment YAML) with more inputs than CI does, then prints one summary line per reader.
#
#   scripts/fuzz.sh [TRIES] [SEED]      # TRIES inputs per reader (default 20000); SEED replays a run
#   MVN_ARGS=-o scripts/fuzz.sh 5000    # extra Maven arguments, e.g. offline
#
# Failing inputs are saved under <module>/target/fuzz-failures/ and named in the test report; every
# one should become a regression test. See docs/reliability-fuzz.md.
set -uo pipefail
cd "$(dirname "$0")/.."

tries="${1:-20000}"
# A fresh seed for every run unless one is given (CI runs a fixed one, so it stays reproducible).
seed="${2:-$(od -An -N7 -tu8 /dev/urandom | tr -d ' ')}"
seed_arg=("-Dfuzz.seed=$seed")
echo "fuzzing with seed $seed (replay: scripts/fuzz.sh $tries $seed)"
summaries=(backprop-core/target/fuzz-summary.txt backprop-cli/target/fuzz-summary.txt)
rm -f "${summaries[@]}"

# -Dfuzz.* are Maven user properties, which Surefire passes to the forked test JVM as system properties.
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_ARGS:-} -pl backprop-core,backprop-cli -am test \
  -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.tries="$tries" -Dfuzz.timeout=60 "${seed_arg[@]}"
status=$?

echo
echo "Fuzz summary ($tries inputs per reader):"
for f in "${summaries[@]}"; do
  if [ -f "$f" ]; then
    cat "$f"
  fi
done
if [ "$status" -ne 0 ]; then
  echo "FAILED: some input gave an unexpected outcome; see the test report above and */target/fuzz-failures/" >&2
fi
exit "$status"
