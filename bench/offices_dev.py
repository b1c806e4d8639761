"""Offices on the extraction dev set: canonical form of the gold office, and read_office's span.

    .venv/bin/python -m bench.offices_dev [--holdout] [--show]

1. canonical: share of items with a gold office where ``canonical_office(office)`` equals
   ``office_canonical`` (after ``bench.devset.norm``);
2. read: share of those items where ``read_office`` called at the gold office's first
   occurrence in title + lead + text returns exactly the gold office as ``.text``.

Only the tune part is scored unless ``--holdout`` is given (score it once, at the end).
``--show`` prints the misses (tune only).
"""

import argparse
import json

from archive.ingest.offices import canonical_office, read_office
from bench.devset import DATA, norm, part_of, sources


def evaluate(part: str, show: bool = False) -> dict:
    by_url = sources()
    canonical_right = read_right = total = 0
    for line in (DATA / "extraction_dev.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        if part_of(gold["key"]) != part or not gold.get("office"):
            continue
        total += 1
        office = gold["office"]
        predicted = canonical_office(office)
        ok = norm(predicted) == norm(gold["office_canonical"])
        canonical_right += ok
        if show and not ok and part == "tune":
            print("CANON", repr(office), "->", repr(predicted), "gold", repr(gold["office_canonical"]))
        source = by_url[gold["key"]]
        text = "\n".join(source.get(f) or "" for f in ("title", "lead", "text"))
        at = text.find(office)
        reading = read_office(text, at) if at >= 0 else None
        got = reading.text if reading else None
        read_right += got == office
        if show and got != office and part == "tune":
            print(
                "READ ", repr(office), "->", repr(got), "| context:", repr(text[at : at + len(office) + 40])
            )
    return {
        "part": part,
        "items_with_office": total,
        "canonical": round(canonical_right / total, 3) if total else None,
        "read": round(read_right / total, 3) if total else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--holdout", action="store_true", help="score the holdout part too (once, at the end)"
    )
    parser.add_argument("--show", action="store_true", help="print the tune misses")
    args = parser.parse_args()
    print(json.dumps(evaluate("tune", args.show), ensure_ascii=False))
    if args.holdout:
        print(json.dumps(evaluate("holdout"), ensure_ascii=False))


if __name__ == "__main__":
    main()
