"""Import raw articles from files, folders, zips and jsonl files.

    manage.py import_articles PATH... [--publish] [--dry-run]

Idempotent: a text already stored (whatever its spacing or ZWNJs) is reported
as a duplicate and not stored again. Each bad file is reported with its reason;
the others are imported.
"""

import dataclasses
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importing import Context, import_item, upload_limits
from archive.ingest.unpack import Item, unpack

SUFFIXES = (".txt", ".zip", ".jsonl")


class Command(BaseCommand):
    help = "وارد کردن خبرهای خام از پرونده، پوشه، zip یا jsonl"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--publish", action="store_true", help="publish at once instead of storing drafts"
        )
        parser.add_argument("--dry-run", action="store_true", help="extract and report, store nothing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, paths, publish, dry_run, no_progress, **options):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files.extend(
                    sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"یافت نشد: {name}")
        # A command-line import is not an upload: no limit on the number of articles, and
        # when it reads a jsonl or zip file, files may be as large as a back-fill needs.
        limits = upload_limits()
        containers = any(f.suffix.lower() in (".jsonl", ".zip") for f in files)
        limits = dataclasses.replace(
            limits,
            max_bytes=max(limits.max_bytes, 512 * 1024 * 1024) if containers else limits.max_bytes,
            max_files=10**9,
        )
        items: list[Item] = []
        for path in files:
            items.extend(unpack(str(path), path.read_bytes(), limits))
        ctx = Context()
        results = []
        bar = tqdm(items, unit="خبر", disable=no_progress or None, file=self.stderr._out)
        for item in bar:
            results.append(import_item(item, ctx, publish=publish, dry_run=dry_run))
        created = [r for r in results if r.status == "created"]
        duplicates = [r for r in results if r.status == "duplicate"]
        failed = [r for r in results if r.status == "failed"]
        near = [r for r in created if r.near_duplicate_of is not None]
        for r in failed:
            self.stdout.write(f"failed: {r.name}: {r.message}")
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{verb} {len(created)}, duplicate {len(duplicates)}, failed {len(failed)}"
            + (f", near-duplicates flagged {len(near)}" if near else "")
            + (" (published)" if publish and not dry_run else "")
        )
