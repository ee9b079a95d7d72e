"""Property tests of the traffic model: scaling, planned volumes, popularity, design load."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k6harness.model import SCENARIOS, derive_rates, expected_share, scenario, url_probabilities

scales = st.floats(min_value=0.01, max_value=4, allow_nan=False)
OPEN = ("baseline", "peak", "viral")  # all-open-model scenarios: volume scales exactly


@given(name=st.sampled_from(sorted(SCENARIOS)), t=scales, r=scales)
def test_scaling_multiplies_durations_and_rates(name, t, r):
    base, scaled = SCENARIOS[name], SCENARIOS[name].scaled(t, r)
    assert math.isclose(scaled.duration_s, base.duration_s * t, rel_tol=1e-9)
    for tag, n in base.expected_iterations().items():
        assert math.isclose(scaled.expected_iterations()[tag], n * t * r, rel_tol=1e-9)
    for a, b in zip(base.setup, scaled.setup):
        assert math.isclose(b.pause_s, a.pause_s * t, rel_tol=1e-9) and a.count == b.count
    for a, b in zip(base.streams, scaled.streams):
        assert a.pause_s == b.pause_s  # iteration pauses shape the closed model: never scaled


def test_bad_scale_rejected():
    with pytest.raises(ValueError):
        SCENARIOS["peak"].scaled(0, 1)


def test_unknown_variant_rejected():
    with pytest.raises(ValueError, match="no variant"):
        scenario("peak", "open")


def test_cache_open_variant_keeps_the_closed_models_volume():
    closed, opened = scenario("cache"), scenario("cache", "open")
    assert opened.streams[0].executor == "ramping-arrival-rate"
    assert opened.expected_iterations()["redirect"] == pytest.approx(closed.expected_iterations()["redirect"])


def test_cache_closed_model_volume():
    """Seed cache: VU-seconds of the ramp / (mean pause 0.25 s + p95 objective 0.1 s)."""
    vu_seconds = 30 * (1 + 20) / 2 + 60 * (20 + 50) / 2 + 120 * (50 + 100) / 2 + 60 * (100 + 50) / 2 + 30 * 50 / 2
    assert SCENARIOS["cache"].expected_iterations()["redirect"] == pytest.approx(vu_seconds / 0.35)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_url_probabilities_sum_to_one(name):
    for s in SCENARIOS[name].streams:
        if s.mix:
            p = url_probabilities(SCENARIOS[name], s.mix)
            assert sum(p) == pytest.approx(1.0) and min(p) >= 0


def test_guard_falls_through_like_the_seed():
    """With 5 setup URLs the seed's peak guard (more than 5 URLs) fails: every pick is uniform."""
    from dataclasses import replace

    small = replace(SCENARIOS["peak"], setup=(replace(SCENARIOS["peak"].setup[0], count=5),))
    assert expected_share(small, "redirect", "top20") == pytest.approx(0.2)


def test_design_load_is_the_seeds_sizing():
    """Seed docs/05-lessons-learned.md: 5,000 URLs a day (~0.06/s), ~6 redirects/s, ~17 in peak hours."""
    r = derive_rates()
    assert r["creation_avg"] == pytest.approx(0.06, abs=0.005)
    assert r["redirect_avg"] == pytest.approx(6, abs=0.3)
    assert r["redirect_peak"] == pytest.approx(17, abs=0.5)


@given(dau=st.integers(1, 10**6), ratio=st.floats(1, 1000), wpu=st.floats(0.1, 100))
def test_derived_rates_keep_read_write_ratio(dau, ratio, wpu):
    r = derive_rates(dau=dau, read_write_ratio=ratio, writes_per_user_per_day=wpu)
    assert math.isclose(r["redirect_avg"] / r["creation_avg"], ratio, rel_tol=1e-9)
    assert r["redirect_peak"] >= r["redirect_avg"]


def test_bad_sizing_rejected():
    with pytest.raises(ValueError):
        derive_rates(dau=0)
