"""A real round trip through Redis: one process enqueues, a Huey consumer runs it."""

import subprocess
import sys
import unittest

import pytest

from tests.commands import run_signaal, signaal_env

REDIS_URL = "redis://127.0.0.1:6379/15"

ENQUEUE = """
from signaal.audit import services
from signaal.audit.tasks import audit_verify_task
services.record(actor=None, action="test.before_task")
result = audit_verify_task()
print("RESULT", result.get(blocking=True, timeout=60))
"""


@pytest.mark.redis
class RedisRoundTripTests(unittest.TestCase):
    def test_it_runs_a_task_in_a_consumer_through_redis(self):
        import redis

        try:
            redis.Redis.from_url(REDIS_URL).ping()
        except redis.exceptions.ConnectionError:
            self.fail("Redis is not running on 127.0.0.1:6379 (scripts/services starts it).")
        env = signaal_env(SIGNAAL_REDIS_URL=REDIS_URL)
        self.assertEqual(run_signaal("migrate", "-v0", env=env).returncode, 0)
        consumer = subprocess.Popen(
            [sys.executable, "-m", "signaal.cli", "run_huey", "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            result = run_signaal("shell", "-c", ENQUEUE, env=env, timeout=90)
        finally:
            consumer.terminate()
            consumer.wait(timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("RESULT {'ok': True, 'checked': 1, 'problem': ''}", result.stdout)
