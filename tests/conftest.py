import pytest
from huey.contrib.djhuey import HUEY


@pytest.fixture(autouse=True, scope="session")
def huey_runs_tasks_inline():
    # Tasks run inside the test, in its transaction; tests/queue runs a real consumer.
    HUEY.immediate = True
    yield
