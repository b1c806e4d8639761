import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the gazetteer and the five seed statements."""
    with django_db_blocker.unblock():
        call_command("load_gazetteer", verbosity=0)
        call_command("loaddata", "seeds", verbosity=0)
