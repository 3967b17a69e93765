#!/usr/bin/env python3
"""pymrio's own results for its bundled test system (6 regions x 8 sectors), the reference of
`ioshock import pymrio` (Tests/IOTablesTests/PymrioImportTests.swift).

Usage: tools/pymrio_reference.py [--out Tests/Fixtures]   (needs `pip install pymrio`; 0.7.0 was used)

Writes
  OUT/pymrio-test/            pymrio.load_test().save_all(...): Z.txt, Y.txt, unit.txt, population.txt,
                              metadata.json, file_parameters.json, factor_inputs/ and emissions/ (F.txt ...)
  OUT/pymrio-test-reference.csv
        region,sector,x,output_multiplier,value_added_multiplier
        after pymrio's calc_all(): x; the output multiplier 1'L (column sums of the Leontief
        inverse L = (I - A)^-1, A = Z x^-1); the value-added multiplier, row "Value Added" of the
        factor_inputs extension's M = S L with S = F x^-1. Printed with repr (17 significant digits).
The saved system is the raw one (before calc_all), so ioshock computes x, A and L itself.
"""
import argparse, os, shutil
import pymrio

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="Tests/Fixtures")
    args = p.parse_args()
    system_dir = os.path.join(args.out, "pymrio-test")
    if os.path.isdir(system_dir):
        shutil.rmtree(system_dir)
    test = pymrio.load_test()
    test.save_all(system_dir)
    # The history in metadata.json records the time and the local paths of the save: drop them,
    # so that regenerating the fixture gives the same files.
    meta = os.path.join(system_dir, "metadata.json")
    import json
    with open(meta) as f:
        m = json.load(f)
    m["history"] = [h for h in m.get("history", []) if "FILEIO" not in h]
    with open(meta, "w") as f:
        json.dump(m, f, indent=4)
    test.calc_all()
    L = test.L
    multipliers = L.sum(axis=0)
    va = test.factor_inputs.M.loc["Value Added"]
    x = test.x.iloc[:, 0]
    with open(os.path.join(args.out, "pymrio-test-reference.csv"), "w") as f:
        f.write("# pymrio %s, tools/pymrio_reference.py\n" % pymrio.__version__)
        f.write("region,sector,x,output_multiplier,value_added_multiplier\n")
        for (region, sector) in L.columns:
            f.write("%s,%s,%r,%r,%r\n" % (region, sector, float(x[(region, sector)]),
                                          float(multipliers[(region, sector)]), float(va[(region, sector)])))

if __name__ == "__main__":
    main()
