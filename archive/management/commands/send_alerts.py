"""Send every confirmed e-mail alert that is due the statements published since its last mail.

Run it from cron or a systemd timer (docs/alerts.md), e.g. every ten minutes:

    */10 * * * * cd /srv/archive && .venv/bin/python manage.py send_alerts

Exits with status 1 when a mail could not be sent (it stays due for the next run) or another run is
still going.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.alerts.service import RunInProgress, send_due


class Command(BaseCommand):
    help = "Send due e-mail alerts (one mail per alert; statements never sent twice)."

    def handle(self, *args, **options):
        try:
            run = send_due()
        except RunInProgress as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"alert run {run.pk}: {run.mails_sent} mails sent ({run.statements_sent} statements), "
            f"{run.mails_failed} failed and left due, {run.expired_removed} expired requests removed"
        )
        if run.mails_failed:
            raise CommandError(
                f"{run.mails_failed} alert mails were not accepted; they are retried at the next run"
            )
