"""The Shlink stand-in behaves like Shlink 4.6 seen through the Istio gateway (facts cited in the
fixture's docstring, perf/testing/shlink_stub.py, from shlinkio/shlink@v4.6.0)."""

import http.client
import json
import re
import socket

import pytest

from testing.shlink_stub import Faults, ShlinkStub


def call(stub, method, path, body=None, key="key"):
    """Raw http.client so header names arrive exactly as sent."""
    port = int(stub.url.rsplit(":", 1)[1])
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
    headers = {"Content-Type": "application/json"} | ({"X-Api-Key": key} if key else {})
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheaders(), data


def ctype(headers):
    return dict(headers)["content-type"]


def test_header_names_are_lower_case():
    with ShlinkStub("key") as stub:
        status, headers, body = call(stub, "POST", "/rest/v3/short-urls", {"longUrl": "https://e.org/x"})
        code = json.loads(body)["shortCode"]
        _, redirect_headers, _ = call(stub, "GET", f"/{code}", key=None)
    assert status == 200
    for name, _ in headers + redirect_headers:
        assert name == name.lower(), name
    assert dict(redirect_headers)["location"] == "https://e.org/x"


@pytest.mark.parametrize("key,suffix,title", [(None, "missing-authentication", "Invalid authorization"),
                                              ("wrong", "invalid-api-key", "Invalid API key")])
def test_api_key_problems(key, suffix, title):
    with ShlinkStub("key") as stub:
        status, headers, body = call(stub, "GET", "/rest/v3/short-urls", key=key)
    problem = json.loads(body)
    assert status == 401 and ctype(headers) == "application/problem+json"
    assert problem["type"] == f"https://shlink.io/api/error/{suffix}" and problem["title"] == title
    assert problem["status"] == 401


def test_unknown_short_code_is_an_html_404():
    with ShlinkStub("key") as stub:
        status, headers, body = call(stub, "GET", "/nope1", key=None)
    assert status == 404 and ctype(headers).startswith("text/html")
    assert body.lstrip().lower().startswith(b"<!doctype html")


def test_full_create_body_and_slug_conflict():
    with ShlinkStub("key") as stub:
        status, _, body = call(stub, "POST", "/rest/v3/short-urls",
                               {"longUrl": "https://e.org/a", "tags": ["t1"], "title": "T", "customSlug": "s1"})
        again, headers, conflict = call(stub, "POST", "/rest/v3/short-urls", {"longUrl": "https://e.org/b",
                                                                               "customSlug": "s1"})
        _, _, generated = call(stub, "POST", "/rest/v3/short-urls", {"longUrl": "https://e.org/c"})
    b = json.loads(body)
    assert status == 200 and set(b) == {
        "shortUrl", "shortCode", "longUrl", "dateCreated", "tags", "meta", "domain", "title", "crawlable",
        "forwardQuery", "visitsSummary", "hasRedirectRules"}
    assert b["shortCode"] == "s1" and b["shortUrl"].endswith("/s1") and b["domain"] is None
    assert b["tags"] == ["t1"] and b["title"] == "T" and b["crawlable"] is False and b["forwardQuery"] is True
    assert b["meta"] == {"validSince": None, "validUntil": None, "maxVisits": None}
    assert b["visitsSummary"] == {"total": 0, "nonBots": 0, "bots": 0} and b["hasRedirectRules"] is False
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", b["dateCreated"])
    assert again == 400 and ctype(headers) == "application/problem+json"
    assert json.loads(conflict)["type"].endswith("/non-unique-slug")
    assert len(json.loads(generated)["shortCode"]) == 5


def test_list_pagination():
    with ShlinkStub("key") as stub:
        for i in range(12):
            call(stub, "POST", "/rest/v3/short-urls", {"longUrl": f"https://e.org/{i}"})
        _, _, first = call(stub, "GET", "/rest/v3/short-urls")
        _, _, second = call(stub, "GET", "/rest/v3/short-urls?page=2")
    p1, p2 = json.loads(first)["shortUrls"], json.loads(second)["shortUrls"]
    assert p1["pagination"] == {"currentPage": 1, "pagesCount": 2, "itemsPerPage": 10, "itemsInCurrentPage": 10,
                                "totalItems": 12}
    assert p2["pagination"]["itemsInCurrentPage"] == 2 and len(p2["data"]) == 2


@pytest.mark.parametrize("down", [False, True])
def test_health(down):
    with ShlinkStub("key", faults=Faults(health_503=down)) as stub:
        status, headers, body = call(stub, "GET", "/rest/health", key=None)
    h = json.loads(body)
    assert ctype(headers) == "application/health+json"
    assert (status, h["status"]) == ((503, "fail") if down else (200, "pass"))
    assert set(h["links"]) == {"about", "project"} and h["version"]


def test_fault_switches():
    with ShlinkStub("key", faults=Faults(create_5xx_after=1, drop_every=4)) as stub:
        statuses = []
        for i in range(3):
            try:
                statuses.append(call(stub, "POST", "/rest/v3/short-urls", {"longUrl": f"https://e.org/{i}"})[0])
            except (http.client.HTTPException, ConnectionError, socket.timeout):
                statuses.append("dropped")
        try:
            call(stub, "GET", "/rest/health", key=None)
            dropped = False
        except (http.client.HTTPException, ConnectionError):
            dropped = True
    assert statuses == [200, 503, 503] and dropped


def test_the_stub_imitates_the_shlink_version_the_profile_deploys():
    """The stand-in's behaviour was read from shlinkio/shlink@v<VERSION>; when the profile's shlink.version moves,
    this fails until the stub is re-read against the new release and its VERSION moved with it."""
    from testing.shlink_stub import VERSION
    from urlplatform.config import load_profile

    assert VERSION == load_profile("homelab").shlink.version
