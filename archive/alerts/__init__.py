"""E-mail alerts: a reader follows an official, an office, a place, an agency or a search by mail.

- :mod:`.scope` — what an alert follows (the feeds' and search's parameters), its Persian label, and
  the statements it has not been sent yet;
- :mod:`.service` — subscribing (double opt-in, throttled), confirming, unsubscribing, and
  :func:`.service.send_due`, which ``manage.py send_alerts`` runs;
- :mod:`.mail` — the mails themselves (Persian, right to left, HTML and plain text);
- :mod:`.views` — the pages under ``/alerts/``.

The records are in :mod:`archive.models` (``Alert*``).
"""
