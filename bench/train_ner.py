"""Train the PER/LOC/ORG CRF tagger on PEYMA and mine its names lexicon.

    .venv/bin/python bench/train_ner.py            # mine, train, evaluate, write everything
    .venv/bin/python bench/train_ner.py --mine-only

Writes (all deterministic for the same data and packages):
  archive/ingest/data/person_names.json  given names, surnames, honorifics (TRAIN splits only)
  archive/ingest/data/ner_gazetteer.json Iranian places (django-iranian-cities) + hazm frequencies
  archive/ingest/data/foreign_places.json places outside Iran: CLDR's Persian city names (Babel)
                                         and PEYMA's gold LOC names that are neither Iranian nor
                                         a CLDR country or region (TRAIN splits only)
  archive/ingest/data/ner.crfsuite       the model
  bench/results/ner.json                 entity-level P/R/F1 on PEYMA test, sizes, timings

Reads /work/shared/data/peyma_ner_docs.jsonl.gz (or --data), hazm's words.dat and
iranian_cities' CSV files straight from site-packages (no Django, no hazm import).
"""

import argparse
import csv
import gzip
import importlib.util
import json
import math
import re
import sys
import time
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.persian import fold_letters  # noqa: E402

DATA = Path("/work/shared/data/peyma_ner_docs.jsonl.gz")
OUT_DIR = ROOT / "archive" / "ingest" / "data"
NAMES_FILE = OUT_DIR / "person_names.json"
GAZETTEER_FILE = OUT_DIR / "ner_gazetteer.json"
FOREIGN_FILE = OUT_DIR / "foreign_places.json"
MODEL_FILE = OUT_DIR / "ner.crfsuite"
RESULTS_FILE = ROOT / "bench" / "results" / "ner.json"

TRAIN_SPLITS = ("train-600K", "train-300K")
KEPT_TYPES = ("PER", "LOC", "ORG")
ZWNJ = "\u200c"
NAME_FLAGS = ("f=given", "f=surname")
_GAPS = re.compile(r"[\s\u200c]+")

# Words seen just before PEYMA person names that are titles (the mined candidates are
# printed by --mine-only; this is the judgement of which of them are title-like, against
# words like «گفته», «حضور», «دولت» that also precede names often).
TITLE_WORDS = {
    "دکتر",
    "آقای",
    "خانم",
    "آیت‌الله",
    "آیت‌الله‌العظمی",
    "حجت‌الاسلام",
    "حجت‌الاسلام‌والمسلمین",
    "ثقه‌الاسلام",
    "سردار",
    "استاد",
    "شهید",
    "علامه",
    "مرحوم",
    "حاج",
    "حاجی",
    "حاجیه",
    "شیخ",
    "مهندس",
    "پروفسور",
    "امیر",
    "قاضی",
    "سرهنگ",
    "سرلشکر",
    "سرتیپ",
    "سرگرد",
    "سروان",
    "ستوان",
    "سپهبد",
    "ارتشبد",
    "دریادار",
    "دریابان",
    "ژنرال",
    "سرکار",
    "بانو",
    "آقا",
    "جناب",
    "سرتیپ‌دوم",
    "سرتیپ‌پاسدار",
    "سرهنگ‌دوم",
    "سرهنگ‌پاسدار",
    "سرلشکر‌پاسدار",
    "سروان‌پاسدار",
    "ملا",
    "سلطان",
    "شاه",
    "مولانا",
    "مولوی",
    "دکتر‌مهندس",
    "آیت‌الله‌حاج",
    "حجت‌الاسلام‌حاج",
    "مفتی",
    "پاپ",
    "ملکه",
    "پرنس",
    "شاهزاده",
    "کاردینال",
    "اسقف",
    "خلبان",
    "سناتور",
    "کارآگاه",  # police detectives: "سرهنگ کارآگاه ..." (before a PEYMA person three times)
}
# Multi-word titles and ranks, matched over consecutive tokens.
MULTI_WORD_TITLES = [
    "حجت‌الاسلام والمسلمین",
    "حجت الاسلام و المسلمین",
    "آیت‌الله العظمی",
    "آیت الله العظمی",
    "سرتیپ دوم",
    "سرهنگ دوم",
    "سرتیپ پاسدار",
    "سرلشکر پاسدار",
    "سرهنگ پاسدار",
    "سردار سرتیپ",
    "سردار سرلشکر",
    "امیر سرتیپ",
    "امیر دریادار",
    "امیر سرلشکر",
    "امیر دریابان",
    "سرتیپ دوم پاسدار",
    "سرتیپ خلبان",
    "امیر سرتیپ خلبان",
    "دکتر مهندس",
    "آیت‌الله حاج",
    "حجت‌الاسلام حاج",
]
# Blessings PEYMA keeps at the end of person entities.
NOT_NAMES = {"ره", "ع", "س", "عج", "ص", "علیه‌السلام", "علیهاالسلام", "سلام‌الله‌علیها", "قدس‌سره", "O"}
# Part of the name itself, never a title.
NAME_PREFIXES = ["سید", "سیده", "میر"]
# Words PEYMA keeps INSIDE person entities although they are not names.
INSIDE_TITLES = {"امام", "حضرت", "پیامبر", "رسول‌اکرم", "بانو", "ملکه", "شاه", "پاپ", "شهید", "سلطان"}


def key(word) -> str:
    if not isinstance(word, str):
        word = "".join(word)
    return _GAPS.sub("", fold_letters(unicodedata.normalize("NFKC", word)))


def clean_tag(tag: str) -> str:
    """PEYMA's few malformed tags (``B-PERO``, ``OB-ORG``, ``$ارگان``) and the types we drop."""
    match = re.fullmatch(r"O?([BI])-([A-Z]{3})O?", tag)
    if not match or match.group(2) not in KEPT_TYPES:
        return "O"
    return f"{match.group(1)}-{match.group(2)}"


def load_docs(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    for doc in docs:
        doc["tokens"] = [ZWNJ.join(token.split()) or token for token in doc["tokens"]]
        doc["tags"] = [clean_tag(tag) for tag in doc["tags"]]
    return docs


def site_packages_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def hazm_frequencies() -> dict[str, int]:
    frequencies: dict[str, int] = {}
    with open(site_packages_file("hazm", "data", "words.dat"), encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[1].isdigit():
                word = key(fields[0])
                frequencies[word] = max(frequencies.get(word, 0), int(fields[1]))
    return frequencies


def frequency_bucket(frequency: int) -> int:
    """hazm's corpus frequency in half-decades (the gazetteer stores this, not the count)."""
    return int(2 * math.log10(frequency)) if frequency > 1 else 0


def place_keys() -> list[str]:
    names = set()
    for table in ("province", "county", "city", "district"):
        with open(site_packages_file("iranian_cities", "data", f"{table}.csv"), encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = row["name"].strip()
                if name:
                    names.add(key(name))
    return sorted(name for name in names if len(name) >= 2)


FOREIGN_LOC_SHARE = 0.5  # a foreign name from PEYMA is kept when at least this share of it is LOC


def _place_key(word: str) -> str:
    return key(word).replace("\u0654", "").replace("ۀ", "ه")


def foreign_places(docs, iranian: set[str]) -> dict:
    """Places outside Iran: ``{"cities": [name, ...], "others": [name, ...]}``.

    ``cities``: the Persian names CLDR gives the cities of its time zones (``مسکو``, ``دوشنبه``,
    ``کویت``), read from Babel's locale data. ``others``: single-word LOC names of PEYMA's train
    splits that are neither an Iranian place nor a CLDR country or region (``واشنگتن``, ``قندهار``,
    and also regions and sites CLDR does not list): good enough after a dateline's ``از`` (an
    agency reports from a city), not for a bare ``در ...`` in a story. Iranian names win: a name
    the Iranian gazetteer holds is never foreign. Each name in its most frequent spelling,
    Arabic ي/ك made Persian."""
    from babel import Locale

    persian = Locale("fa")
    regions = {_place_key(name) for name in persian.territories.values()}
    cities = {}
    for zone in persian.time_zones.values():
        name = zone.get("city")
        if name and "،" not in name and _place_key(name) not in iranian:
            cities.setdefault(_place_key(name), fold_letters(name))
    seen, tokens = Counter(), Counter()
    for doc in docs:
        if doc["split"] not in TRAIN_SPLITS:
            continue
        tokens.update(fold_letters(token) for token in doc["tokens"])
        for entity in doc["entities"]:
            words = doc["tokens"][entity["start_tok"] : entity["end_tok"]]
            if entity["type"] == "LOC" and len(words) == 1:
                seen[fold_letters(words[0])] += 1
    others = {}
    for name, count in sorted(seen.items(), key=lambda item: (-item[1], item[0])):
        place = _place_key(name)
        # A word PEYMA mostly does not tag as a place is a common word ("غرب", "مسیر").
        if count < FOREIGN_LOC_SHARE * tokens[name]:
            continue
        if place.startswith("شهر") and place[3:] in iranian:
            continue  # "شهرری": an Iranian city with its qualifier written joined
        if len(place) >= 2 and place not in iranian and place not in regions and place not in cities:
            others.setdefault(place, name)
    return {
        "source": "cities: CLDR time-zone cities in Persian (Babel); others: PEYMA train LOC names",
        "cities": sorted(cities.values()),
        "others": sorted(others.values()),
    }


# --- names lexicon ---------------------------------------------------------------------------


def mine_names(docs, frequencies):
    """Given names, surnames and titles from the gold PER entities of the train splits."""
    totals = Counter()
    before = Counter()
    given = Counter()
    surnames = Counter()
    inside_titles = {key(word) for word in INSIDE_TITLES}
    title_keys = {key(word) for word in TITLE_WORDS} | {key(words) for words in MULTI_WORD_TITLES}
    prefixes = {key(word) for word in NAME_PREFIXES}
    for doc in docs:
        if doc["split"] not in TRAIN_SPLITS:
            continue
        keys = [key(token) for token in doc["tokens"]]
        totals.update(keys)
        for entity in doc["entities"]:
            if entity["type"] != "PER":
                continue
            first, last = entity["start_tok"], entity["end_tok"]
            if first > 0:
                before[keys[first - 1]] += 1
            parts = [k for k in keys[first:last] if k and any(char.isalpha() for char in k)]
            while parts and (parts[0] in inside_titles or parts[0] in title_keys):
                parts.pop(0)
            while parts and parts[0] in prefixes:
                parts.pop(0)
            if len(parts) < 2:
                continue
            given[parts[0]] += 1
            surnames[parts[-1]] += 1

    def common_word(word, count):
        """A frequent hazm word that PEYMA rarely uses as this part of a name."""
        share = count / max(totals[word], 1)
        return frequency_bucket(frequencies.get(word, 0)) >= 12 and share < 0.3

    blocked = inside_titles | title_keys | prefixes | {key(word) for word in NOT_NAMES}

    def plausible(word):
        return len(word) >= 2 and word.isalpha() and word not in blocked

    def rare_word(word):
        """Seen once as a name, but hazm hardly knows it and PEYMA uses it little: a rare name."""
        return frequency_bucket(frequencies.get(word, 0)) <= 8 and totals[word] <= 3

    given_names = {
        word: count
        for word, count in given.items()
        if plausible(word)
        and (count >= 2 or rare_word(word))
        and not common_word(word, count)
        # The first word of a compound surname (هاشمی رفسنجانی, موسوی اردبیلی) is no given name.
        and surnames[word] < 0.5 * count
    }
    surname_map = {
        word: count
        for word, count in surnames.items()
        if plausible(word) and (count >= 2 or rare_word(word)) and not common_word(word, count)
    }
    # Titles: the words most often right before a person, judged title-like (TITLE_WORDS).
    candidates = [(word, count, totals[word]) for word, count in before.most_common() if count >= 3]
    honorifics = {word for word, count, _ in candidates if word in title_keys}
    honorifics |= {key(words) for words in MULTI_WORD_TITLES}
    honorifics |= {key(word) for word in TITLE_WORDS}
    glue_parts = {word for word, count in given_names.items() if len(word) >= 3 and count >= 3}
    glued_blocklist = sorted(
        word
        for word, frequency in frequencies.items()
        if frequency_bucket(frequency) >= 8
        and word not in given_names
        and given[word] == 0
        and _splits(word, glue_parts, 3)
        and (totals[word] == 0 or given[word] / totals[word] < 0.3)
    )
    return {
        "source": "PEYMA gold PER entities, splits " + ", ".join(TRAIN_SPLITS) + " (test not used)",
        "given_names": dict(sorted(given_names.items(), key=lambda item: (-item[1], item[0]))),
        "surnames": dict(sorted(surname_map.items(), key=lambda item: (-item[1], item[0]))),
        "honorifics": sorted(honorifics),
        "name_prefixes": sorted(prefixes),
        "glue_parts": sorted(glue_parts),
        "glued_blocklist": glued_blocklist,
    }, candidates


def _splits(word, parts, left):
    if left < 2:
        return False
    for cut in range(2, len(word) - 1):
        if word[:cut] in parts and (word[cut:] in parts or _splits(word[cut:], parts, left - 1)):
            return True
    return False


# --- CRF -------------------------------------------------------------------------------------


def retokenize(tokens, tags):
    """PEYMA's tokens cut as ner.tokenize cuts text, with their tags.

    Some PEYMA tokens carry punctuation (``«بان``, ``فرهاد»``, ``.»``): the pieces become tokens,
    the word pieces keep the entity's tag and the punctuation at a token's edge is left out of
    the entity, which is how the run-time tokenizer sees such text.
    """
    from archive.ingest import ner

    words, labels = [], []
    for token, tag in zip(tokens, tags, strict=True):
        pieces = [piece.text for piece in ner.tokenize(token)]
        if len(pieces) <= 1:
            words.append(pieces[0] if pieces else token)
            labels.append(tag)
            continue
        kind = tag[2:] if tag != "O" else None
        is_word = [any(char.isalnum() for char in piece) for piece in pieces]
        first_word = is_word.index(True) if any(is_word) else None
        last_word = len(is_word) - 1 - is_word[::-1].index(True) if any(is_word) else None
        for index, piece in enumerate(pieces):
            words.append(piece)
            if kind is None or first_word is None or not first_word <= index <= last_word:
                labels.append("O")
            elif index == first_word:
                labels.append(tag)
            else:
                labels.append("I-" + kind)
    # An entity's inside tag right after an O (its opening punctuation was left out) opens it.
    for index, label in enumerate(labels):
        if label.startswith("I-") and (index == 0 or labels[index - 1][2:] != label[2:]):
            labels[index] = "B-" + label[2:]
    return words, labels


def sentences(doc):
    """Sentence-sized (words, tags) pieces of a document, cut as ner.entities cuts text."""
    from archive.ingest import ner

    words, tags = [], []
    for word, tag in zip(*retokenize(doc["tokens"], doc["tags"]), strict=True):
        words.append(word)
        tags.append(tag)
        if len(words) >= ner.MAX_CHUNK_TOKENS or word in ner.SENTENCE_ENDS:
            yield words, tags
            words, tags = [], []
    if words:
        yield words, tags


def evaluate(docs, tag):
    from archive.ingest.ner import spans_from_tags

    counts = {kind: Counter() for kind in KEPT_TYPES}
    for doc in docs:
        for words, gold_tags in sentences(doc):
            gold = set(spans_from_tags(gold_tags))
            predicted = set(spans_from_tags(tag(words)))
            for kind in KEPT_TYPES:
                g = {span for span in gold if span[0] == kind}
                p = {span for span in predicted if span[0] == kind}
                counts[kind]["gold"] += len(g)
                counts[kind]["predicted"] += len(p)
                counts[kind]["correct"] += len(g & p)
    report = {}
    for kind, count in counts.items():
        precision = count["correct"] / count["predicted"] if count["predicted"] else 0.0
        recall = count["correct"] / count["gold"] if count["gold"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[kind] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            **dict(count),
        }
    return report


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--minfreq", type=float, default=2)
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    parser.add_argument("--results", type=Path, default=RESULTS_FILE)
    parser.add_argument(
        "--name-dropout",
        type=float,
        default=0.5,
        help="share of training sentences whose given-name/surname flags are hidden (the lexicon "
        "was mined from the same sentences; without this the model trusts it too much)",
    )
    parser.add_argument("--mine-only", action="store_true")
    args = parser.parse_args()
    started = time.time()

    docs = load_docs(args.data)
    frequencies = hazm_frequencies()
    lexicon, candidates = mine_names(docs, frequencies)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    NAMES_FILE.write_text(json.dumps(lexicon, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    gazetteer = {
        "source": "places: django-iranian-cities province/county/city/district; lexicon: hazm words.dat",
        "places": place_keys(),
        "lexicon": {
            word: frequency_bucket(frequency)
            for word, frequency in sorted(frequencies.items())
            if frequency > 0
        },
    }
    GAZETTEER_FILE.write_text(
        json.dumps(gazetteer, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    foreign = foreign_places(docs, {_place_key(name) for name in gazetteer["places"]})
    FOREIGN_FILE.write_text(json.dumps(foreign, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"names: {len(lexicon['given_names'])} given, {len(lexicon['surnames'])} surnames, "
        f"{len(lexicon['honorifics'])} honorifics, {len(lexicon['glued_blocklist'])} glued blocked; "
        f"{len(gazetteer['places'])} places, {len(gazetteer['lexicon'])} lexicon words; foreign places: "
        f"{len(foreign['cities'])} cities, {len(foreign['others'])} other names",
        flush=True,
    )
    if args.mine_only:
        print("words before PER (count, total):", candidates[:150])
        return

    import pycrfsuite

    from archive.ingest import ner

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    train_docs = [doc for doc in docs if doc["split"] in TRAIN_SPLITS]
    test_docs = [doc for doc in docs if doc["split"] == "test"]
    train_tokens = 0
    for doc in train_docs:
        for number, (words, tags) in enumerate(sentences(doc)):
            features = ner.sentence_features(words)
            if zlib.crc32(f"{doc['id']}#{number}".encode()) % 1000 < args.name_dropout * 1000:
                features = [[a for a in attributes if not a.endswith(NAME_FLAGS)] for attributes in features]
            trainer.append(features, tags)
            train_tokens += len(words)
    features_done = time.time()
    print(f"features for {train_tokens} tokens in {features_done - started:.0f} s", flush=True)
    args.model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.model))
    trained = time.time()
    print(f"trained in {trained - features_done:.0f} s", flush=True)

    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.model))
    report = evaluate(test_docs, lambda words: tagger.tag(ner.sentence_features(words)))
    evaluated = time.time()
    results = {
        "command": "cd /work/main && .venv/bin/python " + " ".join(["bench/train_ner.py", *sys.argv[1:]]),
        "data": str(args.data),
        "train_splits": list(TRAIN_SPLITS),
        "train_documents": len(train_docs),
        "train_tokens": train_tokens,
        "test_documents": len(test_docs),
        "evaluation": "entity-level exact token spans on PEYMA test tokens "
        "(space-joined tokens read as ZWNJ; "
        "tokens glued to punctuation cut as ner.tokenize cuts them, "
        "edge punctuation outside the entity), "
        "sentences cut as at run time",
        "params": {
            "name_dropout": args.name_dropout,
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
        },
        "test": report,
        "model_bytes": args.model.stat().st_size,
        "gazetteer_bytes": GAZETTEER_FILE.stat().st_size,
        "names_bytes": NAMES_FILE.stat().st_size,
        "names": {
            "given_names": len(lexicon["given_names"]),
            "surnames": len(lexicon["surnames"]),
            "honorifics": len(lexicon["honorifics"]),
        },
        "seconds": {
            "features": round(features_done - started, 1),
            "training": round(trained - features_done, 1),
            "evaluation": round(evaluated - trained, 1),
        },
        "machine": "2 cores",
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results["test"], indent=1), flush=True)


if __name__ == "__main__":
    main()
