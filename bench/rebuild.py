"""Rebuild time at one size, end-to-end: haystack's rebuild_index with the Persian engine, then the
merge into one segment (the backend's ``optimize``, as sync_index does after a rebuild), optionally
under cProfile.

    .venv/bin/python bench/rebuild.py [--size 10000] [--per-batch] [--profile [--profile-out FILE]]
                                      [--out bench/results/rebuild-10000.json]

By default the rebuild runs within the backend's ``bulk()`` (one writer, one segment); ``--per-batch``
times haystack's own way, one commit per batch of 1,000 and a merge of those segments at the end.
Uses bench/run.py's corpus (built once under bench/corpus/<size>/) and a fresh index directory.
``--out`` adds the run to the file's ``runs`` (creating it if needed).
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
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
    parser.add_argument("--per-batch", action="store_true", help="haystack's one commit per batch")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-out", type=Path, help="write the profile's stats there (pstats)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from bench import run

    var_dir = ROOT / "bench" / "corpus" / str(args.size)
    var_dir.mkdir(parents=True, exist_ok=True)
    run.setup_django(var_dir)
    run.build_corpus(args.size, random.Random(args.size))
    path = Path(tempfile.mkdtemp(prefix="rebuild-index-"))
    run.use_engine("archive.search.backend.PersianWhooshEngine", path)
    import contextlib

    import whoosh.index
    from django.core.management import call_command
    from haystack import connections

    from archive.search.analysis import get_lexicon

    get_lexicon()  # loaded once per process, not part of a rebuild
    backend = connections["default"].get_backend()
    profile = cProfile.Profile() if args.profile else None
    load = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    with contextlib.nullcontext() if args.per_batch else backend.bulk():
        call_command("rebuild_index", interactive=False, verbosity=0, batchsize=1000)
    written = time.perf_counter()
    segments_written = len(whoosh.index.open_dir(str(path))._segments())
    backend.optimize()
    if profile:
        profile.disable()
    done, cpu_done = time.perf_counter(), time.process_time()
    index = whoosh.index.open_dir(str(path))
    segments, documents = len(index._segments()), index.doc_count()
    shutil.rmtree(path, ignore_errors=True)
    path.with_name(path.name + ".lock").unlink(missing_ok=True)  # the index lock's file beside it
    assert documents == args.size, (documents, args.size)
    result = {
        "command": "bench/rebuild.py " + " ".join(sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "size": args.size,
        "way": "per batch (haystack's)" if args.per_batch else "bulk (one writer)",
        "profiled": args.profile,
        "load_average_at_start": round(load, 2),
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "rebuild_seconds": round(written - started, 1),
        "segments_written": segments_written,
        "optimize_seconds": round(done - written, 1),
        "segments": segments,
        "statements_per_second": round(args.size / (done - started), 1),
        # This process's CPU time: on a machine shared with other work, the rate it alone would allow.
        "cpu_seconds": round(cpu_done - cpu_started, 1),
        "statements_per_cpu_second": round(args.size / (cpu_done - cpu_started), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=1))
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        if args.profile_out:
            profile.dump_stats(str(args.profile_out))
    if args.out:
        previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        previous.setdefault("runs", []).append(result)
        args.out.write_text(json.dumps(previous, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
