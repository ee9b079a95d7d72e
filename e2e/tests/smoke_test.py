"""Smoke suite against Shlink in kind, through the ingress gateway on a loopback port-forward (runs first)."""

import secrets

import pytest

from kindlab.fixtures import create_short_url, http, requires_kind

pytestmark = [pytest.mark.e2e, requires_kind]


def test_health(lab, gateway):
    status, _, body = http("GET", f"{gateway}/rest/health", host=lab.host)
    assert status == 200 and body["status"] == "pass"


def test_create_and_redirect(lab, gateway):
    status, _, body = create_short_url(gateway, lab, "https://example.com/e2e")
    assert status == 200 and body["shortCode"]
    status, headers, _ = http("GET", f"{gateway}/{body['shortCode']}", host=lab.host)
    assert status == 302 and headers["location"] == "https://example.com/e2e"


def test_taken_slug_is_problem_json(lab, gateway):
    slug = f"e2e-{secrets.token_hex(4)}"
    assert create_short_url(gateway, lab, "https://example.com/slug", customSlug=slug)[0] == 200
    status, headers, body = create_short_url(gateway, lab, "https://example.com/slug", customSlug=slug)
    assert status == 400 and headers["content-type"].startswith("application/problem+json")
    assert body["type"].endswith("non-unique-slug")


def test_api_without_key_is_401(lab, gateway):
    status, _, body = http("GET", f"{gateway}/rest/v3/short-urls", host=lab.host)
    assert status == 401 and body["type"].endswith("missing-authentication")
