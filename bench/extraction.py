"""How well extraction reads real agency text (a measurement, not a test).

    .venv/bin/python bench/extraction.py            # = the extraction half of `make bench`
    .venv/bin/python bench/extraction.py --import   # also import the shared data and count records

Reports, into ``bench/results/extraction.json``:

- **the hand-annotated development set** (``../shared/data/extraction_dev.jsonl``,
  see :mod:`devset`): accuracy per field, counting misses as errors, for the
  tune part and the held-out part separately, each article read the way
  ``manage.py extract FILE --json`` reads it; and the same for the extra
  hand-annotated articles in ``bench/data/extraction_extra.jsonl`` (its tune
  part: the first five draws; its holdout: the newest draws, see :mod:`devset`);
- **PEYMA**: the tagger's entity-level precision, recall and F1 for PER and LOC
  on PEYMA's test split (the model is trained on the train splits only);
- **the seeds** against their golden files in ``tests/data/golden/``;
- with ``--import``: the shared agency data imported into a scratch database,
  then how many officials and offices it holds, and officials whose name the
  names lexicon does not recognise (candidates for non-names).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import devset  # noqa: E402


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


def dev_set(ctx, path=None, errors=None):
    from archive.importing import extraction_record

    results = []
    for gold in devset.load(path):
        record = extraction_record(ctx.parse(gold["raw"]))
        right = devset.score(gold, record)
        results.append((gold, right))
        if errors is not None and gold["part"] == "tune":
            for name, ok in right.items():
                if not ok:
                    errors.append(
                        {
                            "key": gold["key"],
                            "field": name,
                            "gold": gold.get(name),
                            "got": (record.get(name) or {}).get("value"),
                        }
                    )
    return devset.summarise(results)


def peyma():
    """The tagger on PEYMA's test split, scored as bench/train_ner.py scores it (one scorer)."""
    import train_ner

    from archive.ingest import ner

    test = [doc for doc in train_ner.load_docs(DATA / "peyma_ner_docs.jsonl.gz") if doc["split"] == "test"]
    started = time.perf_counter()
    report = train_ner.evaluate(test, ner.tag_words)
    report = {kind: report[kind] for kind in ("PER", "LOC") if kind in report}
    return {"documents": len(test), "seconds": round(time.perf_counter() - started, 1), **report}


def seeds(ctx):
    from archive.importing import extraction_record

    golden = ROOT / "tests" / "data" / "golden"
    same = 0
    files = sorted(golden.glob("*.json"))
    for path in files:
        expected = json.loads(path.read_text(encoding="utf-8"))
        raw = (ROOT / "tests" / "data" / path.name.replace(".json", ".txt")).read_text(encoding="utf-8")
        found = {name: field["value"] for name, field in extraction_record(ctx.parse(raw)).items()}
        same += found == {name: field["value"] for name, field in expected.items()}
    return f"{same}/{len(files)} match their golden files (values of every field)"


def imported():
    """Import the shared agency data (published) into the scratch database and count what it holds."""
    from archive.ingest import names
    from archive.models import Article, Office, Person

    Article.objects.all().delete()
    Person.objects.all().delete()
    Office.objects.all().delete()
    devset.import_shared()
    people = list(Person.objects.values_list("name", flat=True))
    unrecognised = [
        n for n in people if not any(names.is_given_name(w) or names.is_surname(w) for w in n.split())
    ]
    return {
        "statements": Article.objects.count(),
        "with_speaker": Article.objects.filter(speaker__isnull=False).count(),
        "officials": len(people),
        "offices": Office.objects.count(),
        "with_office": Article.objects.filter(office__isnull=False).count(),
        "officials_with_no_known_name_part": unrecognised,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--import", dest="do_import", action="store_true")
    args = parser.parse_args()
    setup()
    from archive.importing import Context

    ctx = Context()
    ctx.people = []  # what each text says, not what the scratch database happens to know
    errors = []
    result = {
        "command": "bench/extraction.py" + (" --import" if args.do_import else ""),
        "dev": dev_set(ctx, errors=errors),
    }
    if devset.EXTRA.exists():
        result["extra"] = dev_set(ctx, devset.EXTRA, errors=errors)
    result["seeds"] = seeds(ctx)
    result["peyma_test"] = peyma()
    if args.do_import:
        result["imported_shared_data"] = imported()
    result["tune_errors"] = errors
    out = ROOT / "bench" / "results" / "extraction.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "tune_errors"}
    if "imported_shared_data" in summary:
        summary["imported_shared_data"] = {
            k: (len(v) if isinstance(v, list) else v) for k, v in summary["imported_shared_data"].items()
        }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
