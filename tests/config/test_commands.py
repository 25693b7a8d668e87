import secrets
import unittest

from tests.commands import run_signaal, signaal_env


class SettingsErrorTests(unittest.TestCase):
    def assert_one_line_error(self, result, setting):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertIn(setting, result.stderr)

    def test_it_names_an_invalid_boolean(self):
        result = run_signaal("check", env=signaal_env(SIGNAAL_DEBUG="maybe"))
        self.assert_one_line_error(result, "SIGNAAL_DEBUG")

    def test_it_names_a_short_secret_key(self):
        result = run_signaal("check", env=signaal_env(SIGNAAL_SECRET_KEY="short"))
        self.assert_one_line_error(result, "SIGNAAL_SECRET_KEY")

    def test_it_names_a_bad_master_key(self):
        result = run_signaal("keys", "rotate", env=signaal_env(SIGNAAL_MASTER_KEY="not-a-key"))
        self.assert_one_line_error(result, "SIGNAAL_MASTER_KEY")

    def test_it_names_a_bad_database_url(self):
        result = run_signaal("check", env=signaal_env(SIGNAAL_DATABASE_URL="nosuchdb://x"))
        self.assert_one_line_error(result, "SIGNAAL_DATABASE_URL")


class DeployCheckTests(unittest.TestCase):
    def test_it_passes_the_deploy_check_with_real_values(self):
        env = signaal_env(
            SIGNAAL_DEBUG="0",
            SIGNAAL_SECRET_KEY=secrets.token_urlsafe(64),
            SIGNAAL_ALLOWED_HOSTS="meldpunt.example.org",
        )
        result = run_signaal("check", "--deploy", "--fail-level", "WARNING", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)


class CreateStaffTests(unittest.TestCase):
    def test_it_prints_an_enrolment_uri_and_qr_code(self):
        env = signaal_env()
        self.assertEqual(run_signaal("migrate", "-v0", env=env).returncode, 0)
        result = run_signaal("createstaff", "--username", "noor", "--role", "intake", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("otpauth://totp/Signaal%3Anoor?secret=", result.stdout)
        self.assertIn("█", result.stdout)

    def test_it_refuses_an_unknown_role(self):
        result = run_signaal("createstaff", "--username", "x", "--role", "boss", env=signaal_env())
        self.assertEqual(result.returncode, 2)
        self.assertIn("invalid choice", result.stderr)

    def test_it_refuses_a_duplicate_username_in_one_line(self):
        env = signaal_env()
        run_signaal("migrate", "-v0", env=env)
        run_signaal("createstaff", "--username", "noor", "--role", "intake", env=env)
        result = run_signaal("createstaff", "--username", "noor", "--role", "intake", env=env)
        self.assertEqual(result.returncode, 2)
        self.assertIn("already exists", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_it_verifies_the_audit_chain_from_the_command_line(self):
        env = signaal_env()
        run_signaal("migrate", "-v0", env=env)
        run_signaal("createstaff", "--username", "noor", "--role", "intake", env=env)
        result = run_signaal("audit", "verify", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 rows checked", result.stdout)


class UnknownCommandTests(unittest.TestCase):
    def test_it_refuses_an_unknown_command_in_one_line(self):
        result = run_signaal("frobnicate", env=signaal_env())
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn("unknown command", result.stderr)
