import pytest


@pytest.fixture(autouse=True, scope="session")
def huey_runs_tasks_inline():
    # Tasks run inside the test, in its transaction; tests/queue runs a real consumer.
    # Without Django (tests/analysis with -p no:django) there is no queue to set up.
    from django.conf import settings

    if settings.configured:
        from huey.contrib.djhuey import HUEY

        HUEY.immediate = True
    yield
