"""Benchmark list loading: per source, parse time, store time, entities/s and peak memory.

Runs each measurement in a fresh subprocess (so peak RSS is that source's alone) on the real
files in ../shared/data/lists where they exist, and on the bundled samples otherwise.
Prints one JSON object. Usage: python bench/lists.py [--postgres URL] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from followthemoney.types import registry

from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.snapshot import LoadOptions, load_list
from sanctionwatch.lists.sources import get_parser
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "lists"
SAMPLES = ROOT / "samples" / "lists"

REAL = [
    ("un", SHARED / "un" / "consolidated.xml"),
    ("ofac-sdn", SHARED / "ofac"),  # the legacy CSV set
    ("ofac-cons", SHARED / "ofac" / "consolidated.xml"),
    ("uk", SHARED / "uk" / "FCDO_SL_Mon_Aug 11 2025.ods"),
]
# No full real file of these is available here: the bundled sample is scaled up to a realistic
# size by repeating its records under new ids (same format, same parser paths).
SYNTHETIC = [
    ("eu", SAMPLES / "eu" / "xmlFullSanctionsList_1_1.xml", 500),
    ("uk-ofsi", SAMPLES / "ofsi" / "ConList.csv", 400),
    ("opensanctions", SAMPLES / "opensanctions" / "entities.ftm.json", 10000),
]


def _scale_eu(text: str, times: int) -> str:
    start = text.index("<sanctionEntity")
    end = text.rindex("</sanctionEntity>") + len("</sanctionEntity>")
    block = text[start:end]
    copies = [
        re.sub(r'(euReferenceNumber|logicalId)="([^"]+)"', rf'\g<1>="\g<2>{n:05d}"', block)
        for n in range(times)
    ]
    return text[:start] + "\n".join(copies) + text[end:]


def _scale_ofsi(text: str, times: int) -> str:
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[1]]))
    group = header.index("Group ID")
    rows = list(csv.reader(lines[2:]))
    out = io.StringIO()
    out.writelines(lines[:2])
    writer = csv.writer(out, lineterminator="\r\n")
    for n in range(times):
        for row in rows:
            copy = list(row)
            copy[group] = f"{row[group]}{n:05d}"
            copy = [re.sub(r"(List Ref\):)([A-Z]{3}\d+)", rf"\1\g<2>{n:05d}", c) for c in copy]
            writer.writerow(copy)
    return out.getvalue()


def _scale_ftm(text: str, times: int) -> str:
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    ids = {r["id"] for r in records}
    out = []
    for n in range(times):
        for record in records:
            copy = dict(record, id=f"{record['id']}-{n}")
            copy["properties"] = {
                k: [f"{v}-{n}" if v in ids else v for v in vs]
                for k, vs in record["properties"].items()
            }
            out.append(json.dumps(copy, ensure_ascii=False))
    return "\n".join(out) + "\n"


def synthetic_file(source: str, sample: Path, times: int, directory: Path) -> Path:
    """Write the scaled-up sample of `source` into `directory`."""
    scale = {"eu": _scale_eu, "uk-ofsi": _scale_ofsi, "opensanctions": _scale_ftm}[source]
    target = directory / sample.name
    target.write_text(scale(sample.read_text(encoding="utf-8"), times), encoding="utf-8")
    return target


def _peak_rss_kib() -> int:
    # VmHWM belongs to this exec'd image; ru_maxrss would carry the parent's peak over fork+exec.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(mode: str, source: str, path: str, database_url: str | None) -> dict[str, object]:
    target = Path(path)
    # FtM loads its country tables on first use (~1.5 s); measured separately as startup.
    warm = time.perf_counter()
    registry.country.clean("France")
    startup = time.perf_counter() - warm
    if mode == "parse":
        report = ParseReport(source=source, path=path)
        start = time.perf_counter()
        entities = sum(1 for _ in get_parser(source, target).iter_entities(path, report))
        seconds = time.perf_counter() - start
        targets = sum(report.counts.values())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp), database_url=database_url)
            store = Store.open(settings)
            start = time.perf_counter()
            result = load_list(store, target, LoadOptions(source=source))
            seconds = time.perf_counter() - start
            entities = int(result.snapshot.counts["entities"])
            targets = int(result.snapshot.counts["targets"])
            store.close()
    peak_kib = _peak_rss_kib()
    return {
        "seconds": round(seconds, 3),
        "startup_seconds": round(startup, 3),
        "entities": entities,
        "listed_parties": targets,
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def _run(mode: str, source: str, path: Path, database_url: str | None) -> dict[str, object]:
    args = [sys.executable, __file__, "--child", mode, source, str(path)]
    if database_url:
        args += ["--postgres", database_url]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="store in this PostgreSQL database instead of SQLite")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, source, path = args.child
        print(json.dumps(_child(mode, source, path, args.postgres)))
        return

    results = []
    tmp = tempfile.TemporaryDirectory()
    cases = [(source, path, None) for source, path in REAL if path.exists()]
    for source, sample, times in SYNTHETIC:
        cases.append((source, synthetic_file(source, sample, times, Path(tmp.name)), times))
    for source, path, times in cases:
        parse = min(
            (_run("parse", source, path, None) for _ in range(args.repeat)),
            key=lambda r: float(r["seconds"]),  # type: ignore[arg-type]
        )
        load = min(
            (_run("load", source, path, args.postgres) for _ in range(args.repeat)),
            key=lambda r: float(r["seconds"]),  # type: ignore[arg-type]
        )
        parse_s = float(parse["seconds"])  # type: ignore[arg-type]
        load_s = float(load["seconds"])  # type: ignore[arg-type]
        entities = int(load["entities"])  # type: ignore[call-overload]
        results.append(
            {
                "source": source,
                "file": str(path.relative_to(ROOT.parent)) if times is None else path.name,
                "real_file": times is None,
                "synthetic_copies_of_sample": times,
                "ftm_startup_seconds": parse["startup_seconds"],
                "listed_parties": load["listed_parties"],
                "entities": entities,
                "parse_seconds": parse_s,
                "store_seconds": round(max(load_s - parse_s, 0.0), 3),
                "load_seconds": load_s,
                "parse_entities_per_second": round(entities / parse_s) if parse_s else None,
                "load_entities_per_second": round(entities / load_s) if load_s else None,
                "parse_peak_rss_mib": parse["peak_rss_mib"],
                "load_peak_rss_mib": load["peak_rss_mib"],
            }
        )
    tmp.cleanup()
    print(
        json.dumps(
            {
                "benchmark": "lists",
                "store": "postgresql" if args.postgres else "sqlite",
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
