#!/usr/bin/env python3
"""Write a FIGARO-sized multi-regional bundle (46 regions x 64 products = 2,944 sectors) for the
performance figures of issue 14 (docs/performance.md, "FIGARO size: 2,944 sectors").

Synthetic, for timing only: every region is a copy of matrices/belgium-2015.
A share W of Belgium's imports of product i by sector j is bought from the 45 other regions of
the system in equal parts, z(r:i, s:j) = W m(i, j) / 45 for r != s, and z(s:i, s:j) = z_BE(i, j);
the rest, (1 - W) m(i, j), stays in imports.csv (from outside the system, origins scaled alike).
Each region's exports cover what the other regions buy from it: final demand of r:i is
Belgium's plus W times Belgium's imports of i for final use, and output x(r:i) = x_BE(i) + W M(i),
M(i) Belgium's total imports of product i. Every column closes by adding W M(j) to gross value
added (a non-negative amount). Criticality and inventory days are Belgium's, region by region.

Usage: python3 tools/figaro_size_bundle.py matrices/belgium-2015 /tmp/mr2944
"""
import csv
import sys
from pathlib import Path

# FIGARO's 46 regions: EU27, 18 partners, rest of the world.
REGIONS = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
           "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
           "AR", "AU", "BR", "CA", "CH", "CN", "GB", "ID", "IN", "JP", "KR", "MX", "NO", "RU",
           "SA", "TR", "US", "ZA", "FIGW1"]
W = 0.6


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main(src, out):
    src, out = Path(src), Path(out)
    assert len(REGIONS) == 46
    out.mkdir(parents=True, exist_ok=False)
    R = len(REGIONS)
    head, zrows = read(src / "Z.csv")
    codes = head[1:]
    P = len(codes)
    Z = [[float(v) for v in r[1:]] for r in zrows]
    _, mrows = read(src / "imports.csv")
    M = [[float(v) for v in r[1:]] for r in mrows]
    labels = [f"{r}:{c}" for r in REGIONS for c in codes]

    def write(name, header, rows):
        with open(out / name, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    # sectors.csv
    shead, srows = read(src / "sectors.csv")
    write("sectors.csv", ["region"] + shead, [[r] + row for r in REGIONS for row in srows])

    # Z.csv
    with open(out / "Z.csv", "w") as f:
        f.write("code," + ",".join(labels) + "\n")
        for r in range(R):
            for i in range(P):
                own = ",".join(repr(v) for v in Z[i])
                other = ",".join(repr(W * v / (R - 1)) for v in M[i])
                f.write(labels[r * P + i] + "," + ",".join(own if s == r else other for s in range(R)) + "\n")

    # imports.csv (from outside the system)
    rest = [",".join(repr((1 - W) * v) for v in M[i]) for i in range(P)]
    with open(out / "imports.csv", "w") as f:
        f.write("code," + ",".join(labels) + "\n")
        for r in range(R):
            for i in range(P):
                f.write(labels[r * P + i] + "," + ",".join(rest[i] for _ in range(R)) + "\n")

    # final demand: each region's own categories; exports to the other regions added to the
    # producing region's export column, so that rows close on x(r:i) = x_BE(i) + W M(i).
    fhead, frows = read(src / "final_demand.csv")
    cats = fhead[1:]
    F = [[float(v) for v in row[1:]] for row in frows]
    _, ifrows = read(src / "import_final.csv")
    IF = [[float(v) for v in row[1:]] for row in ifrows]
    Mtot = [sum(M[i]) + sum(IF[i]) for i in range(P)]
    exp_col = cats.index("exports_non_eu")
    with open(out / "final_demand.csv", "w") as f:
        f.write("code," + ",".join(f"{r}:{c}" for r in REGIONS for c in cats) + "\n")
        zeros = ",".join("0" for _ in cats)
        for r in range(R):
            for i in range(P):
                own = list(F[i])
                own[exp_col] += W * Mtot[i]
                owns = ",".join(repr(v) for v in own)
                f.write(labels[r * P + i] + "," + ",".join(owns if s == r else zeros for s in range(R)) + "\n")
    # import_final.csv: the same columns as final_demand.csv, the importing region's own block
    with open(out / "import_final.csv", "w") as f:
        f.write("code," + ",".join(f"{r}:{c}" for r in REGIONS for c in cats) + "\n")
        for r in range(R):
            for i in range(P):
                owns = ",".join(repr((1 - W) * v) for v in IF[i])
                f.write(labels[r * P + i] + "," + ",".join(owns if s == r else zeros for s in range(R)) + "\n")

    # import_origin.csv, scaled to what stays outside the system
    ohead, orows = read(src / "import_origin.csv")
    write("import_origin.csv", ohead,
          [[f"{r}:{row[0]}"] + [repr((1 - W) * float(v)) for v in row[1:]] for r in REGIONS for row in orows])

    # value_added.csv: gross value added + W M(j)
    vhead, vrows = read(src / "value_added.csv")
    vout = []
    for row in vrows:
        vals = [float(v) for v in row[1:]]
        if row[0] == "gross_value_added":
            vals = [vals[j] + W * Mtot[j] for j in range(P)]
        vout.append([row[0]] + [repr(v) for v in vals] * R)
    write("value_added.csv", ["component"] + labels, vout)

    # output.csv
    _, xrows = read(src / "output.csv")
    write("output.csv", ["code", "output"],
          [[labels[r * P + i], repr(float(xrows[i][1]) + W * Mtot[i])] for r in range(R) for i in range(P)])

    # employment, inventory days: region by region
    ehead, erows = read(src / "employment.csv")
    write("employment.csv", ehead, [[f"{r}:{row[0]}"] + row[1:] for r in REGIONS for row in erows])
    dhead, drows = read(src / "inventory_days.csv")
    write("inventory_days.csv", dhead, [[f"{r}:{row[0]}"] + row[1:] for r in REGIONS for row in drows])

    # criticality: Belgium's input criticality, whatever region the input comes from
    chead, crows = read(src / "criticality.csv")
    with open(out / "criticality.csv", "w") as f:
        f.write("code," + ",".join(labels) + "\n")
        for r in range(R):
            for i in range(P):
                f.write(labels[r * P + i] + "," + ",".join(crows[i][1:] * R) + "\n")

    # table.toml: Belgium's keys except name, title, region-free
    lines = (src / "table.toml").read_text().splitlines()
    keep = [l for l in lines if l.split("=")[0].strip() in
            ("unit", "year", "classification", "primary_inputs", "criticality_source", "inventory_source")]
    (out / "table.toml").write_text(
        'name = "figaro-size-2944"\n'
        'title = "Synthetic FIGARO-sized table: 46 regions x 64 products, each a copy of belgium-2015 (benchmark only)"\n'
        + "\n".join(keep) + "\n"
        + "regions = [" + ", ".join(f'"{r}"' for r in REGIONS) + "]\n"
        + 'notes = "Written by tools/figaro_size_bundle.py for docs/performance.md; not data."\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
