"""A receipt shown is a receipt that works, also on a server's very first requests."""

import threading

from django.test import SimpleTestCase, override_settings

from signaal.vault import keys


class FirstStartTests(SimpleTestCase):
    def test_it_gives_every_thread_the_same_hmac_key_on_first_use(self):
        # Before the fix, 16 server threads could each write their own new key
        # file: receipt look-up digests then did not match the stored ones.
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "hmac.key"
            with override_settings(HMAC_KEY_FILE=path, HMAC_KEY_ENV=""):
                keys.hmac_key.cache_clear()
                start = threading.Barrier(16)
                seen: list[bytes] = []

                def first_use():
                    start.wait()
                    seen.append(keys.hmac_key.__wrapped__())

                threads = [threading.Thread(target=first_use) for _ in range(16)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                on_disk = keys._decode(path.read_text().strip(), "test").key
            keys.hmac_key.cache_clear()
        self.assertEqual(len(seen), 16)  # no thread failed on another's half-written file
        self.assertEqual(set(seen), {on_disk})
