"""PostgreSQL SCRAM-SHA-256 verifier for a password, in the format PGO 5.7 keeps in a user Secret.

Vault's `shlink/db` holds `password` and this `verifier`; the PGO user Secret gets both (ESO Merge), and
PGO keeps a verifier it finds instead of computing one (docs/upstream-contracts.md). Format and steps as
CrunchyData/postgres-operator@d39787adc:internal/postgres/password/scram.go: `SCRAM-SHA-256$<iterations>:
<salt>$<StoredKey>:<ServerKey>`, base64, 4096 iterations, 16-byte salt, RFC 5802 keys over SHA-256.

Usage: `printf %s "$PASSWORD" | bazel run //platform:pg_verifier` (the password is read from stdin,
never from the command line). ASCII passwords only: others need SASLprep, which this does not do."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys

ITERATIONS = 4096
SALT_LENGTH = 16


def scram_keys(password: str, salt: bytes, iterations: int = ITERATIONS) -> tuple[bytes, bytes]:
    """(StoredKey, ServerKey) of RFC 5802 with SHA-256 (RFC 7677)."""
    if not password or not password.isascii():
        raise ValueError("password must be non-empty ASCII (non-ASCII needs SASLprep)")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest(), server_key


def scram_sha256_verifier(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = os.urandom(SALT_LENGTH) if salt is None else salt
    stored, server = scram_keys(password, salt, iterations)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server)}"


def main() -> int:
    password = sys.stdin.read().removesuffix("\n")
    try:
        print(scram_sha256_verifier(password))
    except ValueError as e:
        print(f"pg_verifier: stdin: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
