#!/usr/bin/env bash
# Runs each libFuzzer target built by `make fuzz` for SECONDS seconds, one after the other.
# Usage: Fuzz/run.sh SECONDS TARGET…   (from the repository root; see Fuzz/README.md)
# New inputs go to Fuzz/.build/corpus/TARGET (not committed), crashers to Fuzz/.build/crashes/.
# The seeds are Fuzz/corpus/TARGET, plus ../shared/toml-test/tests for the TOML target when present.
# Exits non-zero when a target finds a crash, a leak, a timeout (10 s for one input) or an
# out-of-memory (2 GB); the crashing input's path is printed: keep it as a regression test.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="$1"; shift
bin=Fuzz/.build/debug
status=0
for target in "$@"; do
    mkdir -p "Fuzz/.build/corpus/$target" Fuzz/.build/crashes
    seeds=("Fuzz/corpus/$target")
    if [ "$target" = FuzzTOML ] && [ -d ../shared/toml-test/tests ]; then
        seeds+=(../shared/toml-test/tests/valid ../shared/toml-test/tests/invalid)
    fi
    echo "== $target for ${seconds}s (seeds: ${seeds[*]})"
    log="Fuzz/.build/$target.log"
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="Fuzz/.build/crashes/$target-" "Fuzz/.build/corpus/$target" "${seeds[@]}" > "$log" 2>&1
    rc=$?
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^#[0-9]+.*DONE' "$log" | sed 's/^/   /'
    if [ $rc -ne 0 ]; then
        echo "   $target FAILED (exit $rc); see $log:"
        grep -E 'ERROR:|Fatal error|Test unit written' "$log" | head -5 | sed 's/^/   /'
        status=1
    fi
done
exit $status
