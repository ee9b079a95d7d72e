"""The SCRAM-SHA-256 verifier Vault hands to PGO, checked as a PostgreSQL server checks a login.

Test vector: RFC 7677 section 3 (user "user", password "pencil"): with only the stored verifier, the
server must accept the RFC's client proof and produce the RFC's server signature. Format:
CrunchyData/postgres-operator@d39787adc:internal/postgres/password/scram.go (scramVerifierFormat,
4096 iterations, 16-byte salt)."""

import base64
import hashlib
import hmac
import re
import subprocess
import sys

import pytest

from urlplatform import pg_verifier
from urlplatform.pg_verifier import scram_sha256_verifier

SALT = "W22ZaJ0SNY7soEsUEjb6gQ=="
NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
AUTH_MESSAGE = (f"n=user,r=rOprNGfwEbeRWgbNEkqO,r={NONCE},s={SALT},i=4096,c=biws,r={NONCE}").encode()
CLIENT_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
FORMAT = re.compile(r"^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$")


def server_accepts(verifier: str, proof_b64: str) -> tuple[bool, str]:
    """PostgreSQL's check: ClientKey = proof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) == StoredKey."""
    _, _, stored_b64, server_b64 = FORMAT.match(verifier).groups()
    stored, server = base64.b64decode(stored_b64), base64.b64decode(server_b64)
    signature = hmac.new(stored, AUTH_MESSAGE, hashlib.sha256).digest()
    client_key = bytes(a ^ b for a, b in zip(base64.b64decode(proof_b64), signature))
    server_sig = base64.b64encode(hmac.new(server, AUTH_MESSAGE, hashlib.sha256).digest()).decode()
    return hashlib.sha256(client_key).digest() == stored, server_sig


def test_rfc7677_login_succeeds_against_the_verifier():
    v = scram_sha256_verifier("pencil", salt=base64.b64decode(SALT))
    accepted, server_sig = server_accepts(v, CLIENT_PROOF)
    assert accepted and server_sig == SERVER_SIGNATURE


def test_wrong_password_is_refused():
    v = scram_sha256_verifier("pencil2", salt=base64.b64decode(SALT))
    assert not server_accepts(v, CLIENT_PROOF)[0]


def test_format_is_pgos_with_a_random_16_byte_salt():
    a, b = scram_sha256_verifier("pencil"), scram_sha256_verifier("pencil")
    m = FORMAT.match(a)
    assert m and int(m.group(1)) == 4096 and len(base64.b64decode(m.group(2))) == 16
    assert a != b  # salted


def test_cli_reads_stdin_and_rejects_non_ascii_in_one_line():
    ok = subprocess.run([sys.executable, pg_verifier.__file__], input="pencil\n", capture_output=True, text=True)
    assert ok.returncode == 0 and FORMAT.match(ok.stdout.strip())
    bad = subprocess.run([sys.executable, pg_verifier.__file__], input="päss", capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1 and "stdin" in bad.stderr


@pytest.mark.parametrize("password", ["", "päss"])
def test_rejected_passwords(password):
    with pytest.raises(ValueError):
        scram_sha256_verifier(password)
