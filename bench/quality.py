"""How well search finds what readers mean (a measurement, not a test).

    .venv/bin/python bench/quality.py            # part of `make bench`
    .venv/bin/python bench/quality.py --misses   # also list each set query's misses and false hits

Runs the development set ``../shared/data/search_dev.json`` (50 set queries
with relevant / must-not lists, 30 ranking queries with graded judgments)

- through the archive's own JSON API (``/api/search``, Django's test client)
  over a scratch archive of the five seeds plus the shared agency text, imported
  with ``manage.py import_articles`` (:func:`devset.import_shared`) and indexed
  with the project's backend, and
- in the same run, through a textbook baseline over the same documents:
  hazm's ``Normalizer`` and ``WordTokenizer``, plain BM25 (k1 1.2, b 0.75); a
  set query returns the documents holding every query token (a quoted phrase:
  adjacent), a ranking query ranks every document holding any of them.

Reports, for both and for the **tune** and **held-out** parts separately
(``sha1(query id) % 10 < 4`` is held out: never read while tuning), recall and
precision per kind (set queries; ``unjudged`` documents left out of both; a
query with nothing returned has precision 1; every returned result counts, the
most-words and some-words tiers included, whatever their ``all_words`` flag:
that is why the archive fills only queries of three words or more, see
``archive.search.query.PARTIAL_FROM_WORDS``, and a noun with its relational
adjective, ``names_a_kind``) and nDCG@10 (gain 2^g - 1), P@10
(grade >= 1), recall@100 and MRR of the first grade-2 document (ranking
queries, an unjudged hit counts 0), and a length check (the first ten results'
mean length over the relevant documents' mean length: well above 1 would mean
long documents win by length). Writes ``bench/results/quality.json``.
"""

import argparse
import hashlib
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
VAR = ROOT / "bench" / "corpus" / "quality"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import devset  # noqa: E402

HOLDOUT_SHARE = 4  # of 10
PAGE = 100


def part_of(query_id: str) -> str:
    digest = int(hashlib.sha1(query_id.encode("utf-8")).hexdigest(), 16)
    return "holdout" if digest % 10 < HOLDOUT_SHARE else "tune"


def key_of_url(url: str) -> str:
    return url.strip().strip("\u00a0").strip()


# The archive -----------------------------------------------------------------------------------


def setup():
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ["ARCHIVE_VAR_DIR"] = str(VAR)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)


def build_archive():
    """The seeds and the shared data, published and freshly indexed; {article pk: dev-set key}.

    Imported and indexed afresh on every run (about 40 s), so a changed
    extractor or analyzer is always what is measured.
    """
    from django.core.management import call_command

    from archive.models import Article, Office, Person

    for model in (Article, Person, Office):  # as bench/extraction.py --import starts
        model.objects.all().delete()
    devset.import_shared(SEEDS)
    # Published in one statement (no per-statement index writes); the rebuild below indexes them.
    Article.objects.update(status=Article.Status.PUBLISHED)
    started = time.perf_counter()
    call_command("rebuild_index", interactive=False, verbosity=0, batchsize=1000)
    seconds = time.perf_counter() - started
    seed_keys = {path.name: f"{n:03d}" for n, path in enumerate(sorted(SEEDS.glob("*.txt")))}
    keys = {}
    for pk, url, name in Article.objects.values_list("pk", "source_url", "source_name"):
        key = key_of_url(url) if url else seed_keys.get(Path(name).name)
        if key:
            keys[pk] = key
    return keys, seconds


def archive_search(client, query, pages):
    """Dev-set keys of the API's results for ``query``, in order (``pages`` pages of 100)."""
    found = []
    for page in range(1, pages + 1):
        response = client.get("/api/search", {"q": query, "per_page": PAGE, "page": page})
        assert response.status_code == 200, (query, response.status_code)
        payload = json.loads(response.content)
        found.extend(hit["id"] for hit in payload["results"])
        if page >= payload["num_pages"]:
            break
    return found


# The BM25 baseline -----------------------------------------------------------------------------


class BM25:
    """hazm's Normalizer + WordTokenizer and textbook BM25 over ``{key: text}``."""

    K1, B = 1.2, 0.75

    def __init__(self, docs: dict):
        from hazm import Normalizer, WordTokenizer

        self.normalizer, self.tokenizer = Normalizer(), WordTokenizer()
        self.tokens = {key: self.tokenize(text) for key, text in docs.items()}
        self.tf = {key: Counter(tokens) for key, tokens in self.tokens.items()}
        self.df = Counter(t for tf in self.tf.values() for t in tf)
        self.n = len(docs)
        self.avgdl = sum(len(t) for t in self.tokens.values()) / max(self.n, 1)

    def tokenize(self, text):
        return [t for t in self.tokenizer.tokenize(self.normalizer.normalize(text)) if re.search(r"\w", t)]

    def idf(self, term):
        n = self.df.get(term, 0)
        return math.log(1 + (self.n - n + 0.5) / (n + 0.5))

    def score(self, key, terms):
        tf, dl = self.tf[key], len(self.tokens[key])
        total = 0.0
        for term in terms:
            f = tf.get(term, 0)
            if f:
                total += (
                    self.idf(term)
                    * f
                    * (self.K1 + 1)
                    / (f + self.K1 * (1 - self.B + self.B * dl / self.avgdl))
                )
        return total

    def _has_phrase(self, key, words):
        tokens = self.tokens[key]
        return any(tokens[i : i + len(words)] == words for i in range(len(tokens) - len(words) + 1))

    def search(self, query, require_all):
        phrases = [self.tokenize(p) for p in re.findall(r'"([^"]*)"', query)]
        terms = self.tokenize(query.replace('"', " "))
        if not terms:
            return []
        candidates = (
            set.intersection(*(self._docs(t) for t in terms))
            if require_all
            else set().union(*(self._docs(t) for t in terms))
        )
        candidates = [k for k in candidates if all(self._has_phrase(k, p) for p in phrases if len(p) > 1)]
        return sorted(candidates, key=lambda k: (-self.score(k, terms), k))

    def _docs(self, term):
        if not hasattr(self, "_postings"):
            self._postings = defaultdict(set)
            for key, tf in self.tf.items():
                for t in tf:
                    self._postings[t].add(key)
        return self._postings.get(term, set())


def baseline_documents(keys):
    """The dev set's documents (title + lead + text; a seed's file) for the keys the archive holds."""
    wanted = set(keys.values())
    docs = {}
    for url, row in devset.sources().items():
        key = key_of_url(url)
        if key in wanted and key not in docs:
            docs[key] = "\n".join(row.get(f) or "" for f in ("title", "lead", "text"))
    for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        key = f"{n:03d}"
        if key in wanted:
            docs[key] = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return docs


# Scoring ---------------------------------------------------------------------------------------


def set_scores(query, found):
    relevant, unjudged = set(query["relevant"]), set(query["unjudged"])
    returned = [k for k in dict.fromkeys(found) if k not in unjudged]
    hits = [k for k in returned if k in relevant]
    return {
        "recall": len(hits) / len(relevant) if relevant else 1.0,
        "precision": len(hits) / len(returned) if returned else 1.0,
        "returned": len(returned),
        "missed": sorted(relevant - set(hits)),
        "false_hits": [k for k in returned if k not in relevant],
        "must_not_hits": [k for k in returned if k in set(query["must_not"])],
    }


LENGTHS: dict = {}  # key -> the document's length in hazm tokens (set by main)


def ranking_scores(query, found):
    grades = query["judgments"]
    ranked = list(dict.fromkeys(found))
    relevant_lengths = [LENGTHS[k] for k, g in grades.items() if g >= 1 and k in LENGTHS]
    top_lengths = [LENGTHS[k] for k in ranked[:10] if k in LENGTHS]
    gains = [2 ** grades.get(k, 0) - 1 for k in ranked[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    relevant = {k for k, g in grades.items() if g >= 1}
    first = next((i for i, k in enumerate(ranked) if grades.get(k, 0) == 2), None)
    return {
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "p@10": sum(1 for k in ranked[:10] if grades.get(k, 0) >= 1) / 10,
        "recall@100": len(relevant & set(ranked[:100])) / len(relevant) if relevant else 1.0,
        "mrr": 1 / (first + 1) if first is not None else 0.0,
        # Length check: the first ten's mean length over the relevant documents' (> 1: long ones win).
        "length_ratio": (sum(top_lengths) / len(top_lengths))
        / (sum(relevant_lengths) / len(relevant_lengths))
        if top_lengths and relevant_lengths
        else 1.0,
        "returned": len(ranked),
    }


def mean(values):
    values = list(values)
    return round(sum(values) / len(values), 3) if values else None


def summarise(rows):
    """{part: {"set": {kind: {recall, precision, queries}}, "ranking": {...}}} for parts tune, holdout,
    all."""
    out = {}
    for part in ("tune", "holdout", "all"):
        chosen = [r for r in rows if part == "all" or r["part"] == part]
        sets = [r for r in chosen if r["type"] == "set"]
        ranks = [r for r in chosen if r["type"] == "ranking"]
        by_kind = defaultdict(list)
        for r in sets:
            by_kind[r["kind"]].append(r)
        out[part] = {
            "set": {
                "queries": len(sets),
                "recall": mean(r["recall"] for r in sets),
                "precision": mean(r["precision"] for r in sets),
                "by_kind": {
                    kind: {
                        "queries": len(rs),
                        "recall": mean(r["recall"] for r in rs),
                        "precision": mean(r["precision"] for r in rs),
                    }
                    for kind, rs in sorted(by_kind.items())
                },
            },
            "ranking": {
                "queries": len(ranks),
                **{
                    m: mean(r[m] for r in ranks)
                    for m in ("ndcg@10", "p@10", "recall@100", "mrr", "length_ratio")
                },
            },
        }
        kinds = defaultdict(list)
        for r in ranks:
            kinds[r["kind"]].append(r)
        out[part]["ranking"]["by_kind"] = {
            kind: {
                "queries": len(rs),
                "ndcg@10": mean(r["ndcg@10"] for r in rs),
                "recall@100": mean(r["recall@100"] for r in rs),
            }
            for kind, rs in sorted(kinds.items())
        }
    return out


def run(devset_queries, search_set, search_ranked):
    rows = []
    for q in devset_queries["set_queries"]:
        rows.append(
            {
                "type": "set",
                "id": q["id"],
                "kind": q["kind"],
                "part": part_of(q["id"]),
                **set_scores(q, search_set(q["query"])),
            }
        )
    for q in devset_queries["ranking_queries"]:
        rows.append(
            {
                "type": "ranking",
                "id": q["id"],
                "kind": q["kind"],
                "part": part_of(q["id"]),
                **ranking_scores(q, search_ranked(q["query"])),
            }
        )
    return rows


def print_table(name, summary):
    print(f"\n== {name}")
    for part in ("tune", "holdout", "all"):
        s, r = summary[part]["set"], summary[part]["ranking"]
        kinds = "  ".join(f"{k} {v['recall']:.2f}/{v['precision']:.2f}" for k, v in s["by_kind"].items())
        print(
            f"{part:8} set ({s['queries']}): recall {s['recall']} precision {s['precision']}  |  "
            f"ranking ({r['queries']}): nDCG@10 {r['ndcg@10']} P@10 {r['p@10']} "
            f"recall@100 {r['recall@100']} MRR {r['mrr']} length ratio {r['length_ratio']}"
        )
        print(f"{'':8} by kind (recall/precision): {kinds}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--misses", action="store_true", help="print each set query's misses and false hits")
    args = parser.parse_args()
    setup()
    from django.test import Client

    from archive.models import Article

    queries = json.loads((DATA / "search_dev.json").read_text(encoding="utf-8"))
    keys, index_seconds = build_archive()
    client = Client()
    key = lambda ids: [keys[pk] for pk in ids if pk in keys]  # noqa: E731
    bm25 = BM25(baseline_documents(keys))
    LENGTHS.update((k, len(tokens)) for k, tokens in bm25.tokens.items())
    started = time.perf_counter()
    ours = run(
        queries,
        lambda q: key(archive_search(client, q, pages=20)),
        lambda q: key(archive_search(client, q, pages=1)),
    )
    ours_seconds = time.perf_counter() - started
    baseline = run(
        queries, lambda q: bm25.search(q, require_all=True), lambda q: bm25.search(q, require_all=False)
    )
    result = {
        "command": "bench/quality.py",
        "documents": {
            "archive": Article.objects.count(),
            "with_dev_key": len(set(keys.values())),
            "baseline": bm25.n,
        },
        "holdout_rule": f"sha1(query id) % 10 < {HOLDOUT_SHARE}",
        "seconds": {"index": round(index_seconds, 1), "archive_queries": round(ours_seconds, 1)},
        "archive": summarise(ours),
        "bm25": summarise(baseline),
        "queries": {
            r["id"]: {
                "part": r["part"],
                "kind": r["kind"],
                "archive": {
                    k: (round(v, 3) if isinstance(v, float) else v)
                    for k, v in r.items()
                    if k not in ("type", "id", "kind", "part")
                },
                "bm25": {k: round(v, 3) for k, v in b.items() if isinstance(v, float)},
            }
            for r, b in zip(ours, baseline, strict=True)
        },
    }
    print_table("archive (/api/search)", result["archive"])
    print_table("BM25 baseline (hazm Normalizer + WordTokenizer)", result["bm25"])
    if args.misses:
        for r in ours:
            if r["type"] == "set" and (r["missed"] or r["false_hits"]):
                print(r["id"], r["part"], "missed", r["missed"][:8], "false", r["false_hits"][:8])
            elif r["type"] == "ranking":
                print(r["id"], r["part"], {m: round(r[m], 2) for m in ("ndcg@10", "recall@100")})
    out = ROOT / "bench" / "results" / "quality.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
