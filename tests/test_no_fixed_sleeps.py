"""Issue 14 item 9: no test waits a fixed time for something it can observe.

Tests wait with ``helpers.wait_for`` (polling the state itself); the only other sleep allowed is the live
site's start-up poll in ``live.py``, which also polls for the state (the first 200)."""

import re
from pathlib import Path

ALLOWED = {"helpers.py", "live.py"}


def test_tests_never_sleep_a_fixed_time():
    offenders = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (
                re.search(r"\b(time\.)?sleep\(", line)
                and not line.lstrip().startswith("#")
                and path.name != Path(__file__).name
            ):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "use helpers.wait_for instead:\n" + "\n".join(offenders)
