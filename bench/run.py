"""Search benchmark: the Persian analyzer against plain haystack + Whoosh, on the same corpus.

    .venv/bin/python bench/run.py --size 10000 [--size 100000] [--repeat 5]

For each size it builds (once, cached under bench/corpus/<size>/) a SQLite
archive of statements recombined from the real agency text in
../shared/data/ (paragraphs shuffled across articles, realistic metadata:
~400 officials, offices, ~1,500 places from the gazetteer, 12 agencies, dates
over ten years, 5% undated), indexes it twice — with the project's backend
(archive.search) and with haystack's stock Whoosh engine (English
StemmingAnalyzer; above 100,000 statements only the project's) — then
times a fixed query mix through the real search page and JSON API with
Django's test client, for both indexes in the same run.
Results go to bench/results/search-<size>.json.
"""

import argparse
import json
import math
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("common pair", {"q": "روابط عمومی"}),
    ("common pair, other spelling", {"q": "روابط عمومیها"}),
    ("common word", {"q": "گفت"}),
    ("mid word", {"q": "تحریم"}),
    ("rare word", {"q": "کوانتومی"}),
    ("name", {"q": "احمدی نژاد"}),
    ("phrase", {"q": '"وزیر امور خارجه"'}),
    ("phrase, two common words", {"q": '"روابط عمومی"'}),
    ("joined compound", {"q": "اطلاعرسانی"}),
    ("exclude", {"q": "نفت -گاز"}),
    ("or", {"q": "فوتبال OR والیبال"}),
    ("common, newest", {"q": "ایران", "sort": "newest"}),
    ("filtered by province", {"q": "مدیر", "place": "استان-تهران"}),
    ("date range", {"q": "دولت", "date_from": "1395/01/01", "date_to": "1398/12/29"}),
    # Questions of common words: with most-words matching, nearly every statement is a candidate.
    ("partial match, common words", {"q": "نقش مردم در توسعه اقتصاد کشور"}),
    ("question, common words", {"q": "چرا دولت برای کاهش قیمت کالاها برنامه ندارد"}),
    ("no query, newest", {}),
]


def setup_django(var_dir):
    os.environ["ARCHIVE_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()


def paragraphs():
    paras = []
    for name in ("fars_news_1500.jsonl", "agency_news_80.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            paras.extend(p.strip() for p in row["text"].split("\n") if len(p.strip()) > 40)
            titles.append(row["title"])
    return paras


titles: list[str] = []


# The stock engine is the reference up to this size; beyond it, only the archive's engine is run by
# default (the stock one would index 1,000,000 statements in ~5 h and answer its empty query in minutes).
PLAIN_MAX_SIZE = 100_000


def build_corpus(size, rng):
    import datetime

    from django.core.management import call_command
    from django.db import transaction

    from archive.models import Agency, Article, Office, Person, Place, recount_statements

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    if Article.objects.count() >= size:
        return
    paras = paragraphs()
    first = ["علی", "محمد", "حسن", "رضا", "مهدی", "احمد", "حسین", "مجید", "سعید", "زهرا", "فاطمه", "مریم"]
    last = [
        "احمدی",
        "محمدی",
        "حسینی",
        "رضایی",
        "کریمی",
        "موسوی",
        "هاشمی",
        "جعفری",
        "صادقی",
        "رحیمی",
        "کاظمی",
        "نوری",
        "قاسمی",
        "عباسی",
        "طاهری",
        "نجفی",
        "یزدانی",
        "شریفی",
        "فرهادی",
        "امینی",
    ]
    roles = ["وزیر", "معاون", "استاندار", "فرماندار", "مدیرکل", "رئیس", "سخنگوی", "دبیر"]
    bodies = [
        "آموزش و پرورش",
        "نفت",
        "کشور",
        "بهداشت",
        "راه و شهرسازی",
        "ارتباطات",
        "اقتصاد",
        "ورزش و جوانان",
    ]
    people = [
        Person.objects.get_or_create(name=f"{rng.choice(first)} {rng.choice(last)} {i}")[0]
        for i in range(400)
    ]
    offices = [
        Office.objects.get_or_create(name=f"{rng.choice(roles)} {b}")[0] for b in bodies for _ in range(3)
    ]
    agencies = [
        Agency.objects.get_or_create(name=n)[0]
        for n in (
            "خبرگزاری فارس",
            "ایرنا",
            "ایسنا",
            "ایلنا",
            "تسنیم",
            "مهر",
            "برنا",
            "همشهری آنلاین",
            "خبرآنلاین",
            "شهر",
            "خبرگزاری صدا و سیما",
            "باشگاه خبرنگاران جوان",
        )
    ]
    places = list(Place.objects.exclude(kind="province"))
    start = datetime.date(2015, 3, 21)
    batch = []
    with transaction.atomic():
        for i in range(Article.objects.count(), size):
            body = "\n".join(rng.sample(paras, rng.randint(3, 8)))
            batch.append(
                Article(
                    title=rng.choice(titles),
                    body=body,
                    raw_text=f"{i}\n{body}",
                    fingerprint=f"bench-{i:08d}",
                    date=None
                    if rng.random() < 0.05
                    else start + datetime.timedelta(days=rng.randrange(3650)),
                    speaker=rng.choice(people),
                    office=rng.choice(offices),
                    place=rng.choice(places),
                    agency=rng.choice(agencies),
                    status=Article.Status.PUBLISHED,
                )
            )
            if len(batch) == 2000:
                Article.objects.bulk_create(batch)
                batch = []
        Article.objects.bulk_create(batch)
        recount_statements()  # bulk_create sends no signal


def use_engine(engine, path):
    from haystack import connections

    connections.connections_info["default"] = {"ENGINE": engine, "PATH": str(path)}
    connections.reload("default")


def build_index(engine, path):
    from django.core.management import call_command

    use_engine(engine, path)
    if path.exists() and (path / "built").exists():
        return None
    from haystack import connections

    started = time.perf_counter()
    backend = connections["default"].get_backend()
    if hasattr(backend, "bulk"):
        # The archive's engine, rebuilt as the site rebuilds it (sync_index, check_index --repair).
        from archive.search.queue import rebuild_index

        rebuild_index()
    else:
        # The stock engine, haystack's way: batches, then their segments merged into one.
        import whoosh.index

        call_command("rebuild_index", interactive=False, verbosity=0, batchsize=1000)
        whoosh.index.open_dir(str(path)).optimize()
    elapsed = time.perf_counter() - started  # merge included, for both
    (path / "built").write_text(str(elapsed))
    return elapsed


def size_of(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(samples, p):
    """Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it."""
    ordered = sorted(samples)
    return ordered[max(math.ceil(len(ordered) * p / 100) - 1, 0)]


def time_queries(repeat):
    from django.test import Client

    client = Client()
    rows = {}
    for endpoint in ("/search/", "/api/search"):
        samples_all, firsts = [], []
        for label, params in QUERIES:
            started = time.perf_counter()
            client.get(endpoint, params)  # warm caches for this query (timed apart: the first request)
            first = (time.perf_counter() - started) * 1000
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(endpoint, params)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (endpoint, label, response.status_code)
            total = None
            if endpoint == "/api/search":
                total = json.loads(response.content)["total"]
            rows[f"{endpoint} {label}"] = {
                "median_ms": round(statistics.median(samples), 1),
                "total": total,
                "first_ms": round(first, 1),
                "samples_ms": [round(t, 1) for t in samples],
            }
            samples_all.extend(samples)
            firsts.append(first)
        rows[f"{endpoint} ALL"] = {
            "p50_ms": round(percentile(samples_all, 50), 1),
            "p95_ms": round(percentile(samples_all, 95), 1),
            "max_ms": round(max(samples_all), 1),
            "requests": len(samples_all),
            # Each query's first request (its words' postings not yet decoded and kept, unless an
            # earlier query of the mix shares them), which the percentiles above leave out.
            "first_request_median_ms": round(statistics.median(firsts), 1),
            "first_request_max_ms": round(max(firsts), 1),
        }
    return rows


def add_ratios(result):
    """p95 Persian / stock for each endpoint, over the whole mix and without the empty query
    (the stock engine's slowest by far, which alone decides its p95)."""
    for endpoint in ("/search/", "/api/search"):
        p95 = {}
        for engine in ("persian", "plain"):
            queries = result[engine]["queries"]
            rows = [v for k, v in queries.items() if k.startswith(endpoint + " ") and "samples_ms" in v]
            p95[engine] = (
                percentile([t for v in rows for t in v["samples_ms"]], 95),
                percentile(
                    [
                        t
                        for k, v in queries.items()
                        if k.startswith(endpoint + " ") and "samples_ms" in v and "no query" not in k
                        for t in v["samples_ms"]
                    ],
                    95,
                ),
            )
        result.setdefault("p95_ratio_persian_to_plain", {})[f"{endpoint} ALL"] = round(
            p95["persian"][0] / p95["plain"][0], 3
        )
        result.setdefault("p95_ratio_without_empty_query", {})[f"{endpoint} ALL"] = round(
            p95["persian"][1] / p95["plain"][1], 3
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--engine",
        action="append",
        choices=["persian", "plain"],
        help="only these engines (default both; the ratios need both)",
    )
    args = parser.parse_args()
    sizes = args.size or [10000]
    if len(sizes) > 1:
        # One Django process per size (each has its own database).
        import subprocess

        engines = [arg for name in args.engine or [] for arg in ("--engine", name)]
        for size in sizes:
            subprocess.run(
                [sys.executable, __file__, "--size", str(size), "--repeat", str(args.repeat), *engines],
                check=True,
            )
        return
    size = sizes[0]
    var_dir = ROOT / "bench" / "corpus" / str(size)
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed static files
    rng = random.Random(size)
    started = time.perf_counter()
    build_corpus(size, rng)
    print(f"corpus: {size} statements ({time.perf_counter() - started:.0f} s)", flush=True)
    engines = {
        "persian": ("archive.search.backend.PersianWhooshEngine", var_dir / "index-persian"),
        "plain": ("bench.baseline.PlainWhooshEngine", var_dir / "index-plain"),
    }
    result = {
        "size": size,
        "repeat": args.repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    chosen = args.engine or (list(engines) if size <= PLAIN_MAX_SIZE else ["persian"])
    for name, (engine, path) in engines.items():
        if name not in chosen:
            continue
        load_before = os.getloadavg()[0]
        seconds = build_index(engine, path)
        load_after = os.getloadavg()[0]
        built_now = seconds is not None
        peak_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        seconds = seconds if built_now else float((path / "built").read_text())
        print(
            f"{name}: indexed in {seconds:.0f} s ({size / seconds:.0f} statements/s), "
            f"{size_of(path) / 1e6:.0f} MB",
            flush=True,
        )
        timings = time_queries(args.repeat)
        result[name] = {
            "index_seconds": round(seconds, 1),
            "statements_per_second": round(size / seconds, 1),
            # Of this run's build (none when the index was built by an earlier run).
            "load_average_during_build": [round(load_before, 2), round(load_after, 2)] if built_now else None,
            "build_peak_rss_mb": round(peak_build) if built_now else None,
            # This process's peak over its build (if any) and the timed queries.
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "index_mb": round(size_of(path) / 1e6, 1),
            "queries": timings,
        }
        for key in ("/search/ ALL", "/api/search ALL"):
            print(f"  {key}: {timings[key]}", flush=True)
    if "persian" in result and "plain" in result:
        add_ratios(result)
    suffix = "-" + "-".join(args.engine) if args.engine and set(args.engine) != set(engines) else ""
    out = ROOT / "bench" / "results" / f"search-{size}{suffix}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
