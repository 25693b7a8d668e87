"""Receipt codes: 16 digits the reporter keeps to follow up without an account.

The code is derived from the form's one-time submission token with a keyed
HMAC, so a resubmitted form (double click, lost response) shows the same code
again without the code being stored anywhere. The database keeps a keyed
digest to find the report and an argon2 hash to check the code.
"""

import hmac
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from signaal.vault import keys

DIGITS = 16
# OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): the library default
# (64 MiB, 3 passes, 4 lanes) took 0.5 s per report on a loaded 2-core machine.
# The code is found by its keyed digest; this hash only stops offline guessing
# by someone who has the database but not the HMAC key. Old hashes carry their
# own parameters and still verify.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def code_for_submission(token: str) -> str:
    raw = hmac.digest(keys.hmac_key(), f"receipt\x00{token}".encode(), "sha256")
    return f"{int.from_bytes(raw, 'big') % 10**DIGITS:0{DIGITS}d}"


def formatted(code: str) -> str:
    """Grouped like a phone number, easy to read out and copy: 1234 5678 9012 3456."""
    return " ".join(code[i : i + 4] for i in range(0, DIGITS, 4))


def normalised(typed: str) -> str | None:
    """The digits of a code as typed (spaces, dashes, dots allowed), or None."""
    digits = re.sub(r"[\s.\-–]", "", typed or "")
    if not re.fullmatch(rf"\d{{{DIGITS}}}", digits):
        return None
    return digits


def lookup_digest(code: str) -> str:
    return keys.digest("receipt", code)


def submission_digest(token: str) -> str:
    return keys.digest("submission", token)


def hash_code(code: str) -> str:
    return _hasher.hash(code)


def check_code(code: str, stored_hash: str) -> bool:
    try:
        return _hasher.verify(stored_hash, code)
    except (VerificationError, InvalidHashError):
        return False
