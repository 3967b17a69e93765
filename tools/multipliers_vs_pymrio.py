#!/usr/bin/env python3
"""Whole-process time of `ioshock multipliers` against pymrio's read + calc_all + write on the same
bundle (issue 15, item 4; figures in docs/performance.md, "Multipliers against pymrio").

    pip install pymrio
    .build/release/ioshock generate --sectors 2000 --density 0.3 --seed 1 --out /tmp/syn2000
    python3 tools/multipliers_vs_pymrio.py /tmp/syn2000 --ioshock .build/release/ioshock --rounds 7

Each round runs both as fresh processes, one after the other (so that the load of a shared machine
hits both), and times them from outside, interpreter start-up and imports included for pymrio as
process start-up is for ioshock:

- ioshock: `ioshock multipliers BUNDLE --format csv --out FILE` (reads the bundle, hashes every
  input file for provenance, factors I - A once, writes the CSV and its provenance record);
- pymrio (`--pymrio-worker`): pandas reads Z.csv, final_demand.csv, value_added.csv and
  employment.csv, pymrio builds an IOSystem with the value added and employment as an extension,
  `calc_all()` computes x, A, L = (I - A)^-1 and the extension's S, M and footprints, and the
  multipliers ioshock writes (output = column sums of L, value added and employment = M) go to
  one CSV. pymrio computes more than ioshock (L itself, the footprint accounts) and less (no Type
  II multipliers, no provenance); that is what "read + calc_all + write" means here.

Prints the minimum and median of each, wall clock and CPU time (user + system, every thread), and
the ratios pymrio / ioshock; on a shared machine the CPU times are the steadier figure.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def pymrio_worker(bundle, out):
    import pandas as pd
    import pymrio

    z = pd.read_csv(os.path.join(bundle, "Z.csv"), index_col=0)
    y = pd.read_csv(os.path.join(bundle, "final_demand.csv"), index_col=0)
    va = pd.read_csv(os.path.join(bundle, "value_added.csv"), index_col=0)
    factors = [va]
    employment_path = os.path.join(bundle, "employment.csv")
    if os.path.exists(employment_path):
        employment = pd.read_csv(employment_path, index_col=0).T
        employment.index = ["employment_" + str(k) for k in employment.index]
        factors.append(employment)
    f = pd.concat(factors)
    sectors = pd.MultiIndex.from_product([["region"], z.index], names=["region", "sector"])
    z.index = sectors
    z.columns = sectors
    y.index = sectors
    y.columns = pd.MultiIndex.from_product([["region"], y.columns], names=["region", "category"])
    f.columns = sectors
    io = pymrio.IOSystem(Z=z, Y=y, factor_inputs={"name": "factor_inputs", "F": f})
    io.calc_all()
    m = io.factor_inputs.M
    result = pd.DataFrame({"output": io.L.sum(axis=0)}, index=sectors)
    if "gross_value_added" in m.index:
        result["value_added"] = m.loc["gross_value_added"]
    for k in m.index:
        if str(k).startswith("employment_"):
            result[k] = m.loc[k]
    result.index = z.index.get_level_values("sector")
    result.index.name = "code"
    result.to_csv(out, float_format="%.17g")


def timed(command):
    """Wall-clock seconds and CPU seconds (user + system, all threads) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle")
    parser.add_argument("--ioshock", default=".build/release/ioshock")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pymrio-worker", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pymrio_worker:
        pymrio_worker(args.bundle, args.pymrio_worker)
        return
    with tempfile.TemporaryDirectory(prefix="ioshock-vs-pymrio-") as tmp:
        ioshock_out = os.path.join(tmp, "multipliers.csv")
        pymrio_out = os.path.join(tmp, "pymrio.csv")
        ioshock = [args.ioshock, "multipliers", args.bundle, "--format", "csv", "--out", ioshock_out]
        pymrio = [sys.executable, os.path.abspath(__file__), args.bundle, "--pymrio-worker", pymrio_out]
        times = {"ioshock": [], "pymrio": []}
        for _ in range(args.rounds):
            times["ioshock"].append(timed(ioshock))
            times["pymrio"].append(timed(pymrio))
        # The two agree (a check that both computed the same multipliers, not part of the timing).
        import pandas as pd
        a = pd.read_csv(ioshock_out, index_col=0)
        b = pd.read_csv(pymrio_out, index_col=0)
        worst = max(float(((a[c] - b[c]).abs() / b[c].abs().clip(lower=1e-300)).max()) for c in b.columns)
    for index, what in [(0, "wall clock"), (1, "CPU (user + system)")]:
        for name, runs in times.items():
            values = [r[index] for r in runs]
            print(f"{name}, {what}: min {min(values):.3f} s, median {statistics.median(values):.3f} s over {len(values)} runs "
                  f"({', '.join(f'{v:.3f}' for v in values)})")
        lo = {name: min(r[index] for r in runs) for name, runs in times.items()}
        mid = {name: statistics.median([r[index] for r in runs]) for name, runs in times.items()}
        print(f"pymrio / ioshock, {what}: {lo['pymrio'] / lo['ioshock']:.2f}x (minima), {mid['pymrio'] / mid['ioshock']:.2f}x (medians)")
    print(f"largest relative difference between the two results: {worst:.2e}")


if __name__ == "__main__":
    main()
