"""Rebuild time at one size, end-to-end: haystack's rebuild_index with the Persian engine, then the
merge into one segment (``optimize``, as sync_index does after a rebuild), optionally under cProfile.

    .venv/bin/python bench/rebuild.py [--size 10000] [--profile] [--out bench/results/rebuild-10000.json]

Uses bench/run.py's corpus (built once under bench/corpus/<size>/) and a fresh index directory.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from bench import run

    var_dir = ROOT / "bench" / "corpus" / str(args.size)
    var_dir.mkdir(parents=True, exist_ok=True)
    run.setup_django(var_dir)
    run.build_corpus(args.size, random.Random(args.size))
    path = Path(tempfile.mkdtemp(prefix="rebuild-index-"))
    run.use_engine("archive.search.backend.PersianWhooshEngine", path)
    import whoosh.index
    from django.core.management import call_command

    from archive.search.analysis import get_lexicon

    get_lexicon()  # loaded once per process, not part of a rebuild
    profile = cProfile.Profile() if args.profile else None
    load = os.getloadavg()[0]
    started = time.perf_counter()
    if profile:
        profile.enable()
    call_command("rebuild_index", interactive=False, verbosity=0, batchsize=1000)
    written = time.perf_counter()
    whoosh.index.open_dir(str(path)).optimize()
    if profile:
        profile.disable()
    done = time.perf_counter()
    shutil.rmtree(path, ignore_errors=True)
    result = {
        "command": "bench/rebuild.py " + " ".join(sys.argv[1:]),
        "size": args.size,
        "profiled": args.profile,
        "load_average_at_start": round(load, 2),
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "rebuild_seconds": round(written - started, 1),
        "optimize_seconds": round(done - written, 1),
        "statements_per_second": round(args.size / (done - started), 1),
    }
    print(json.dumps(result, indent=1))
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
