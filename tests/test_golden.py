"""Golden files: what ``manage.py extract FILE --json`` prints for each raw seed, checked in.

Like openparliament's importer tests, the expected output of the extractor for
each seed lives in ``tests/data/golden/<seed>.json``; the seed fixture builder
(``manage.py build_seed_fixture``) reads the same files. A change in extraction
that changes a seed's output fails here and shows the difference. When the
change is intended, regenerate the files and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"
SEEDS = sorted(p.name for p in DATA.glob("00*.txt"))


def extract_json(path: Path) -> dict:
    out = io.StringIO()
    call_command("extract", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEEDS)
def test_seed_extraction_matches_its_golden_file(name):
    record = extract_json(DATA / name)
    golden = GOLDEN / name.replace(".txt", ".json")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert record == expected


def test_every_seed_has_a_golden_file_and_nothing_else():
    assert sorted(p.name.replace(".json", ".txt") for p in GOLDEN.glob("*.json")) == SEEDS
