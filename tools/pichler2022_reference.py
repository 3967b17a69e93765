#!/usr/bin/env python3
"""Independent reference implementation of the dynamic input-output model of Pichler, Pangallo,
del Rio-Chanona, Lafond & Farmer (2022, JEDC 144), written from the paper's equations (no code
from other implementations), to check `ioshock run` on a table bundle.

Usage: tools/pichler2022_reference.py BUNDLE [--sector 20] [--cut 0.5] [--start 10] [--days-shocked 90]
       [--tau 10] [--horizon 365] [--criticality ihs|strict|linear] [--rationing proportional|firms-first]
       [--floor-orders] [--inventory-days N] [--csv FILE]

Equations (daily flows = annual / 365):
  orders     O_ij(t) = A_ij d_j(t-1) + (n_j Z_ij - S_ij(t)) / tau
  demand     d_i(t)  = sum_j O_ij(t) + f_i
  inputs     x_inp_j = min( min_{i critical} S_ij/A_ij , min_{k important} (S_kj/A_kj + x0_j)/2 )
  output     x_j(t)  = min(x_cap_j(t), x_inp_j(t), d_j(t))
  rationing  r_i = min(1, x_i/d_i); Z_ij(t) = O_ij r_i   (firms-first: r_i = min(1, x_i / sum_j O_ij))
  stocks     S_ij(t+1) = max(0, S_ij(t) + Z_ij(t) - A_ij x_j(t)),  S_ij(0) = n_j Z_ij
"""
import argparse, csv, sys
import numpy as np

def read_matrix(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    header = rows[0][1:]
    codes = [r[0] for r in rows[1:]]
    values = np.array([[float(v or 0) for v in r[1:]] for r in rows[1:]])
    return codes, header, values

def main():
    p = argparse.ArgumentParser()
    p.add_argument("bundle")
    p.add_argument("--sector", default="20")
    p.add_argument("--cut", type=float, default=0.5)
    p.add_argument("--start", type=int, default=10)
    p.add_argument("--days-shocked", type=int, default=90)
    p.add_argument("--tau", type=float, default=10)
    p.add_argument("--horizon", type=int, default=365)
    p.add_argument("--criticality", default="ihs")
    p.add_argument("--rationing", default="proportional")
    p.add_argument("--floor-orders", action="store_true", help="orders max(0, .)")
    p.add_argument("--inventory-days", type=float, default=None)
    p.add_argument("--csv", default=None, help="write the daily total output ratio and per-sector ratios")
    p.add_argument("--compare", default=None, help="an `ioshock run` directory of the same scenario: print the largest differences")
    a = p.parse_args()
    codes, _, Z = read_matrix(f"{a.bundle}/Z.csv")
    _, _, x = read_matrix(f"{a.bundle}/output.csv")
    _, _, F = read_matrix(f"{a.bundle}/final_demand.csv")
    x = x[:, 0]
    n = len(codes)
    if a.inventory_days is None:
        _, _, inv = read_matrix(f"{a.bundle}/inventory_days.csv")
        days = inv[:, 0]
    else:
        days = np.full(n, a.inventory_days)
    if a.criticality == "ihs":
        _, _, W = read_matrix(f"{a.bundle}/criticality.csv")
    elif a.criticality == "strict":
        W = np.ones((n, n))
    else:
        W = np.zeros((n, n))
    Z0, x0, f0 = Z / 365, x / 365, F.sum(axis=1) / 365
    A = np.divide(Z, x[None, :], out=np.zeros_like(Z), where=x[None, :] > 0)
    flow = A > 0
    S = days[None, :] * Z0
    target = S.copy()
    d_prev = Z0.sum(axis=1) + f0
    k = codes.index(a.sector)
    total0 = x0.sum()
    ratios, totals = [], []
    for t in range(a.horizon):
        cap = x0.copy()
        if a.start <= t < a.start + a.days_shocked:
            cap[k] *= 1 - a.cut
        O = A * d_prev[None, :] + (target - S) / a.tau
        if a.floor_orders:
            O = np.maximum(O, 0)
        d = O.sum(axis=1) + f0
        with np.errstate(divide="ignore", invalid="ignore"):
            sa = np.where(flow, S / np.where(flow, A, 1), np.inf)
            bound = np.where(flow & (W > 0), (1 - W) * x0[None, :] + W * sa, np.inf)
        xinp = bound.min(axis=0)
        xt = np.minimum(np.minimum(cap, xinp), d)
        xt = np.maximum(xt, 0)
        if a.rationing == "firms-first":
            inter = O.sum(axis=1)
            r = np.where(inter > 0, np.minimum(1, xt / np.where(inter > 0, inter, 1)), 1)
        else:
            r = np.where(d > 0, np.minimum(1, xt / np.where(d > 0, d, 1)), 1)
        S = np.maximum(0, S + O * r[:, None] - A * xt[None, :])
        d_prev = d
        ratios.append(np.where(x0 > 0, xt / np.where(x0 > 0, x0, 1), 1))
        totals.append(xt.sum())
    totals = np.array(totals)
    loss = (total0 - totals).sum()
    peak = ((1 - totals / total0) * 100)
    print(f"cumulative_loss={loss:.4f} peak_loss_percent={peak.max():.6f} peak_day={int(peak.argmax())}")
    if a.compare:
        with open(f"{a.compare}/timeseries.csv") as f:
            rows = list(csv.DictReader(f))
        theirs = np.ones((a.horizon, n))
        for r in rows:
            theirs[int(r["day"]), codes.index(r["code"])] = float(r["output_ratio"])
        ours = np.array(ratios)
        gap = np.abs(ours - theirs)
        t, j = np.unravel_index(gap.argmax(), gap.shape)
        their_total = (theirs * x0[None, :]).sum(axis=1)
        their_loss = (total0 - their_total).sum()
        their_peak = ((1 - their_total / total0) * 100).max()
        print(f"ioshock: cumulative_loss={their_loss:.4f} peak_loss_percent={their_peak:.6f}")
        print(f"relative difference: cumulative {abs(their_loss - loss) / loss:.3e}, peak {abs(their_peak - peak.max()) / peak.max():.3e}")
        print(f"largest daily difference of a sector's output ratio: {gap.max():.3e} (sector {codes[j]}, day {t})")
        print(f"largest daily difference of total output (points of baseline): {100 * np.abs(their_total - totals).max() / total0:.3e}")
    if a.csv:
        with open(a.csv, "w") as f:
            w = csv.writer(f)
            w.writerow(["day", "total"] + codes)
            for t, (tot, r) in enumerate(zip(totals, ratios)):
                w.writerow([t, tot / total0] + list(r))

if __name__ == "__main__":
    main()
