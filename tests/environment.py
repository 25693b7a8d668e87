"""Loaded with `-p tests.environment` before Django settings: tests get their own data dir."""

import os
import tempfile

os.environ["SIGNAAL_DATA_DIR"] = tempfile.mkdtemp(prefix="signaal-test-")
os.environ["SIGNAAL_HTTPS"] = "0"
os.environ.pop("SIGNAAL_MASTER_KEY", None)
os.environ.pop("SIGNAAL_REDIS_URL", None)
