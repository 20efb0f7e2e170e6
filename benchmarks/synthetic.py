"""Synthetic publications with the real schema, scaled in areas and years.

    python benchmarks/synthetic.py --out DIR --areas-factor 10 --years 30

Writes CIN tables B1, C1 and D5, the population file (headers copied from the real files in
data/published so the schema is exactly the published one) and `extra_areas.csv` for the
synthetic authorities; build with OVERSIGHT_EXTRA_AREAS=DIR/extra_areas.csv.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.recognise import recognise

REAL = Path(__file__).resolve().parent.parent / "data" / "published"
KINDS = ("cin_children_in_need", "cin_referrals", "cin_cpp_duration", "population")
REGIONS = ["E12000001", "E12000002", "E12000003", "E12000004", "E12000005", "E12000006", "E12000008", "E12000009"]
REGION_NAMES = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands", "East of England", "South East", "South West"]


def real_headers(source: Path) -> dict[str, tuple[list[str], list[str]]]:
    """For each publication: the real header and the real national row (for the text columns)."""
    out = {}
    for path in sorted(source.rglob("*.csv")):
        found = recognise(path)
        if found.contract and found.contract.publication in KINDS:
            with path.open(encoding="utf-8-sig") as f:
                rows = csv.reader(f)
                out[found.contract.publication] = (next(rows), next(rows))
    return out


def generate(out: Path, factor: float, years: int, source: Path = REAL, seed: int = 1) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)  # noqa: S311 (synthetic test data, not security)
    n_las = max(8, round(153 * factor))
    las = [(f"{5000 + i}", f"E99{i:06d}", f"Synthetic authority {i}", i % len(REGIONS)) for i in range(n_las)]
    with (out / "extra_areas.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["area_code", "old_la_code", "lait_code", "area_name", "geographic_level", "region_code", "status", "successor_old_la_codes", "last_year", "other_area_codes"])
        for old, ons, name, r in las:
            w.writerow([ons, old, old, name, "Local authority", REGIONS[r], "current", "", "", ""])
    first = 2025 - years + 1
    rows = 0
    for kind, (header, national) in real_headers(source).items():
        with (out / f"{kind}_synthetic.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            idx = {h: i for i, h in enumerate(header)}
            for year in range(first if kind != "population" else first - 1, 2026 if kind != "population" else 2025):
                base = list(national)
                base[idx["time_period"]] = str(year)
                w.writerow(base)  # England, as published (keeps real values for the national row)
                rows += 1
                for old, ons, name, r in las:
                    row = list(base)
                    row[idx["geographic_level"]] = "Local authority"
                    row[idx["region_code"]], row[idx["region_name"]] = REGIONS[r], REGION_NAMES[r]
                    row[idx["old_la_code"]], row[idx["new_la_code"]], row[idx["la_name"]] = old, ons, name
                    for h, i in idx.items():
                        if h in ("time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
                                 "region_name", "old_la_code", "new_la_code", "la_name", "category", "age_group"):
                            continue
                        if "percent" in h or "Percentile" in h or h.endswith("_median"):
                            row[i] = f"{rng.uniform(5, 40):.1f}"
                        elif rng.random() < 0.01:
                            row[i] = "c"
                        else:
                            row[i] = str(rng.randint(100, 5000) if kind != "population" else rng.randint(20_000, 300_000))
                    w.writerow(row)
                    rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--areas-factor", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=30)
    args = parser.parse_args()
    print(f"wrote {generate(args.out, args.areas_factor, args.years):,} rows to {args.out}")


if __name__ == "__main__":
    main()
