"""Memory of the archive served as `make run` serves it: gunicorn, 5 workers, the app preloaded.

Sets up an archive as `make run` does (migrate, gazetteer, seeds, index) in bench/corpus/memory,
then starts gunicorn twice on it, with the lexicon and tagger
built in the master before the fork (the default) and without (ARCHIVE_PRELOAD=0), sends the
same searches to each, and sums the proportional set size (PSS, from /proc/PID/smaps_rollup) of
the master and its workers (and each one's), and times the first search after the start. Writes
bench/results/memory.json.

With ``--size N`` it serves instead the archive bench/run.py built for N statements (bench/corpus/N,
its index-persian; run bench/run.py --size N first), sends bench/run.py's query mix (each query
``--searches`` times, so that every worker reads the postings of its words), and writes
bench/results/memory-N.json.

    .venv/bin/python bench/memory.py [--workers 5] [--searches 20] [--size N]
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERIES = ["وزیر", "استاندار", "امام جمعه", "روابط عمومی", "مجلس شورای اسلامی"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rollup_kb(pid: int) -> dict:
    """The process's memory from /proc/PID/smaps_rollup, in kB: ``Pss``, ``Private_Dirty``, ..."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[name] = int(rest.split()[0])
    return values


def _private_kb(pid: int) -> tuple[int, int]:
    """(anonymous, file-backed) pages only this process maps, in kB, from /proc/PID/smaps: its own
    heap and the copies it made, and the index's pages in the page cache that no other process
    has read yet (they become shared, not private, as soon as another worker reads them)."""
    anonymous = file_backed = 0
    inode = 0
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if not head:
            continue
        if not head[0].endswith(":"):  # a mapping's header: address perms offset dev inode [path]
            inode = int(head[4]) if len(head) > 4 and head[4].isdigit() else 0
        elif head[0] in ("Private_Clean:", "Private_Dirty:"):
            if inode:
                file_backed += int(head[1])
            else:
                anonymous += int(head[1])
    return anonymous, file_backed


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


VAR = ROOT / "bench" / "corpus" / "memory"


def _environment(**extra) -> dict:
    return {
        **os.environ,
        "ARCHIVE_VAR_DIR": str(VAR),
        "STATIC_ROOT": str(VAR / "static"),
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        **extra,
    }


def use_corpus(size: int) -> list[str]:
    """Serve bench/run.py's archive of ``size`` statements; its query mix, as query strings."""
    global VAR
    from bench.run import QUERIES as MIX

    VAR = ROOT / "bench" / "corpus" / str(size)
    index = VAR / "index-persian"
    if not (index / "built").exists():
        raise SystemExit(f"no index at {index}: run bench/run.py --size {size} first")
    os.environ["SEARCH_INDEX_DIR"] = str(index)
    for command in (["migrate"], ["collectstatic", "--noinput"]):  # an archive built by older code
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT,
            env=_environment(),
            check=True,
        )
    return [urllib.parse.urlencode(params) for _, params in MIX]


def setup():
    """The archive `make run` serves: migrated, gazetteer, seed statements, search index, static files."""
    VAR.mkdir(parents=True, exist_ok=True)
    steps = (
        ["migrate", "--noinput"],
        ["load_gazetteer"],
        ["load_seeds"],
        ["sync_index"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    )
    for step in steps:
        subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=_environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def measure(preload: bool, workers: int, searches: int, queries: list[str]) -> dict:
    port = _free_port()
    env = _environment(
        ARCHIVE_PRELOAD="1" if preload else "0", BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers)
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while True:  # until the server answers (the preload happens before it listens)
            try:
                urllib.request.urlopen(base + "/api/search?q=" + urllib.parse.quote("تست"), timeout=60).read()
                break
            except OSError:
                if time.monotonic() - started > 600 or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        ready = time.monotonic() - started
        first = []
        for n in range(searches):
            t = time.monotonic()
            with urllib.request.urlopen(
                f"{base}/search/?{queries[n % len(queries)]}", timeout=60
            ) as response:
                assert response.status == 200 and 'id="search-q"' in response.read().decode(), (
                    "the search page answered"
                )
            first.append(time.monotonic() - t)
        pids = [server.pid, *_children(server.pid)]
        rollups = [_rollup_kb(p) for p in pids]
        pss = [r.get("Pss", 0) for r in rollups]
        private = [r.get("Private_Clean", 0) + r.get("Private_Dirty", 0) for r in rollups]
        split = [_private_kb(p) for p in pids]
        return {
            "preload": preload,
            "processes": len(pids),
            "seconds_to_first_answer": round(ready, 1),
            "pss_mb": round(sum(pss) / 1024),
            # The master first, then each worker.
            "pss_mb_per_process": [round(kb / 1024, 1) for kb in pss],
            # Pages only this process maps, of both kinds below.
            "private_mb_per_process": [round(kb / 1024, 1) for kb in private],
            # Of those, its own memory (heap, caches, copies of the master's pages it wrote to) ...
            "private_anonymous_mb_per_process": [round(a / 1024, 1) for a, _f in split],
            # ... and index pages in the page cache that only it has read so far (shared once another
            # process reads them).
            "private_file_mb_per_process": [round(f / 1024, 1) for _a, f in split],
            "first_search_ms": round(first[0] * 1000),
            "slowest_search_ms": round(max(first) * 1000),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--searches", type=int, default=20)
    parser.add_argument("--size", type=int, help="serve bench/run.py's archive of this many statements")
    args = parser.parse_args()
    if args.size:
        queries = use_corpus(args.size)
        searches = args.searches * len(queries)
    else:
        setup()
        queries = ["q=" + urllib.parse.quote(q) for q in QUERIES]
        searches = args.searches
    results = [measure(preload, args.workers, searches, queries) for preload in (True, False)]
    report = {
        "command": "bench/memory.py " + " ".join(sys.argv[1:]),
        "workers": args.workers,
        "searches": searches,
        "statements": args.size,
        "runs": results,
    }
    name = f"memory-{args.size}.json" if args.size else "memory.json"
    out = ROOT / "bench" / "results" / name
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
