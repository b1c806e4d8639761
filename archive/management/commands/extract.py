"""Print what the archive extracts from one raw article, for checking extraction from the shell."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from archive.importing import extraction_record, parse_text
from archive.ingest.decode import DecodeError, decode
from archive.ingest.fields import LOW_CONFIDENCE


class Command(BaseCommand):
    help = "استخراج گوینده، سمت، مکان، تاریخ و منبع از یک متن خام"

    def add_arguments(self, parser):
        parser.add_argument("file", help="a raw article (.txt)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print one JSON object")

    def handle(self, *args, file, as_json: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"پرونده یافت نشد: {file}")
        try:
            text = decode(path.read_bytes()).text
        except DecodeError as error:
            raise CommandError(error.reason) from None
        try:
            record = extraction_record(parse_text(text))
        except DatabaseError:
            raise CommandError(
                "پایگاه داده آماده نیست؛ نخست «make run» یا «manage.py migrate» و "
                "«manage.py load_gazetteer» را اجرا کنید."
            ) from None
        if as_json:
            self.stdout.write(json.dumps(record, ensure_ascii=False))
            return
        for name, field in record.items():
            mark = "" if field["value"] is None or field["confidence"] >= LOW_CONFIDENCE else "  (نامطمئن)"
            self.stdout.write(f"{name}: {field['value'] if field['value'] is not None else '—'}{mark}")
            if field["evidence"]:
                self.stdout.write(f"    «{field['evidence'][:160]}»")
