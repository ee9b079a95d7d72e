"""Smoke suite against Shlink in kind, through the ingress gateway on a loopback port-forward."""

import secrets

import pytest

from kindlab.fixtures import gateway, http, lab, requires_kind  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, requires_kind]


def test_health(lab, gateway):
    status, _, body = http("GET", f"{gateway}/rest/health", host=lab.host)
    assert status == 200 and body["status"] == "pass"


def test_create_and_redirect(lab, gateway):
    status, _, body = http("POST", f"{gateway}/rest/v3/short-urls", host=lab.host, api_key=lab.api_key,
                           body={"longUrl": "https://example.com/e2e"})
    assert status == 200 and body["shortCode"]
    status, headers, _ = http("GET", f"{gateway}/{body['shortCode']}", host=lab.host)
    assert status == 302 and headers["Location"] == "https://example.com/e2e"


def test_taken_slug_is_problem_json(lab, gateway):
    slug = f"e2e-{secrets.token_hex(4)}"
    payload = {"longUrl": "https://example.com/slug", "customSlug": slug}
    assert http("POST", f"{gateway}/rest/v3/short-urls", host=lab.host, api_key=lab.api_key, body=payload)[0] == 200
    status, headers, body = http("POST", f"{gateway}/rest/v3/short-urls", host=lab.host, api_key=lab.api_key,
                                 body=payload)
    assert status == 400 and headers["Content-Type"].startswith("application/problem+json")
    assert body["type"].endswith("non-unique-slug")


def test_api_without_key_is_401(lab, gateway):
    assert http("GET", f"{gateway}/rest/v3/short-urls", host=lab.host)[0] == 401
