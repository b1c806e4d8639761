"""How well extraction reads the real agency text in ../shared/data/ (a measurement, not a test).

    .venv/bin/python bench/extraction.py

- speaker / place on PEYMA (gold PER and LOC tags): of the documents where a
  speaker (place) is extracted, the share whose value is one of the document's
  gold PER (LOC) entities (precision), and how many documents get one (coverage).
  PEYMA marks every person and place, not "the speaker", so this measures
  whether what we return is a real person/place of the text, not whether it is
  the right one of several;
- date on the 80 agency articles: the raw text an admin copies (headline, the
  page's date line in each agency's own format, lead, body) against the
  article's date field; and on the same text without the date line, where the
  right answer is "no date";
- agency on the 80 agency articles: the extracted agency against the source;
- the five seeds against the archive site issue's table.
Results go to bench/results/extraction.json.
"""

import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def setup():
    var = ROOT / "bench" / "corpus" / "extraction"
    var.mkdir(parents=True, exist_ok=True)
    os.environ["ARCHIVE_VAR_DIR"] = str(var)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)


def matches(value, golds):
    from archive.persian import name_key

    key = name_key(value)
    return any(key == name_key(g) or (len(name_key(g)) > 3 and name_key(g) in key) or key in name_key(g)
               for g in golds)


def peyma(ctx):
    rows = [json.loads(line) for line in gzip.open(DATA / "peyma_ner_docs.jsonl.gz", "rt", encoding="utf-8")]
    stats = {"documents": len(rows), "speaker_found": 0, "speaker_is_gold_person": 0,
             "place_found": 0, "place_is_gold_location": 0, "speaker_misses": [], "place_misses": []}
    for row in rows:
        parsed = ctx.parse(row["text"])
        people = [e["text"] for e in row["entities"] if e["type"] == "PER"]
        places = [e["text"] for e in row["entities"] if e["type"] == "LOC"]
        if parsed.speaker.found:
            stats["speaker_found"] += 1
            if matches(parsed.speaker.value, people):
                stats["speaker_is_gold_person"] += 1
            elif len(stats["speaker_misses"]) < 15:
                stats["speaker_misses"].append([parsed.speaker.value, people[:6]])
        if parsed.place.found:
            stats["place_found"] += 1
            if matches(parsed.place.value.name, places):
                stats["place_is_gold_location"] += 1
            elif len(stats["place_misses"]) < 15:
                stats["place_misses"].append([parsed.place.value.name, places[:6]])
    stats["speaker_precision"] = round(stats["speaker_is_gold_person"] / max(1, stats["speaker_found"]), 3)
    stats["place_precision"] = round(stats["place_is_gold_location"] / max(1, stats["place_found"]), 3)
    stats["speaker_coverage"] = round(stats["speaker_found"] / len(rows), 3)
    stats["place_coverage"] = round(stats["place_found"] / len(rows), 3)
    return stats


def agency_articles(ctx):
    from archive.importing import agency_key
    from archive.ingest.dates import parse_date
    from archive.ingest.unpack import _AGENCY_SLUGS

    rows = [json.loads(line) for line in (DATA / "agency_news_80.jsonl").read_text(encoding="utf-8").splitlines()]
    stats = {"articles": len(rows), "date_right": 0, "date_none_without_line": 0, "agency_found": 0,
             "agency_right": 0, "agency_misses": []}
    for row in rows:
        body = f"{row['lead']}\n\n{row['text']}"
        with_line = ctx.parse(f"{row['title']}\n\n{row['date']}\n\n{body}")
        if with_line.date.value == parse_date(row["date"]):
            stats["date_right"] += 1
        without = ctx.parse(f"{row['title']}\n\n{body}")
        if without.date.value is None:
            stats["date_none_without_line"] += 1
        if without.agency.found:
            stats["agency_found"] += 1
            expected = _AGENCY_SLUGS[row["source"]]
            if agency_key(without.agency.value) == agency_key(expected):
                stats["agency_right"] += 1
            else:
                stats["agency_misses"].append([without.agency.value, expected])
    stats["date_accuracy"] = round(stats["date_right"] / len(rows), 3)
    stats["date_empty_when_absent"] = round(stats["date_none_without_line"] / len(rows), 3)
    stats["agency_precision"] = round(stats["agency_right"] / max(1, stats["agency_found"]), 3)
    return stats


def seeds(ctx):
    from archive.persian import name_key
    from tests.test_upload import TABLE  # the table, as the tests hold it

    right = {"speaker": 0, "office": 0, "place": 0, "date": 0, "agency": 0}
    for name, (speaker, office, place, date, agency) in TABLE.items():
        parsed = ctx.parse((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
        right["speaker"] += name_key(parsed.speaker.value or "") == name_key(speaker)
        right["office"] += name_key(parsed.office.value or "") == name_key(office)
        found_place = parsed.place.value
        right["place"] += (found_place is None and place is None) or (
            found_place is not None and place is not None and (found_place.kind, found_place.name) == place)
        right["date"] += parsed.date.value == date
        right["agency"] += name_key(parsed.agency.value or "") == name_key(agency)
    return {key: f"{n}/{len(TABLE)}" for key, n in right.items()}


def main():
    setup()
    from archive.importing import Context

    ctx = Context()
    result = {"seeds": seeds(ctx), "agency_news_80": agency_articles(ctx), "peyma": peyma(ctx)}
    out = ROOT / "bench" / "results" / "extraction.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = {
        "seeds": result["seeds"],
        "date": result["agency_news_80"]["date_accuracy"],
        "date empty when absent": result["agency_news_80"]["date_empty_when_absent"],
        "agency": result["agency_news_80"]["agency_precision"],
        "speaker precision / coverage (PEYMA)": (result["peyma"]["speaker_precision"], result["peyma"]["speaker_coverage"]),
        "place precision / coverage (PEYMA)": (result["peyma"]["place_precision"], result["peyma"]["place_coverage"]),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
