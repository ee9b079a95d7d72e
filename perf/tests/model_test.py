"""Property tests of the traffic model: scaling, derived rates, popularity shares."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k6harness.model import SCENARIOS, derive_rates, pareto_weights, top_share, zipf_weights

scales = st.floats(min_value=0.01, max_value=4, allow_nan=False)


@given(name=st.sampled_from(sorted(SCENARIOS)), t=scales, r=scales)
def test_scaling_multiplies_durations_and_rates(name, t, r):
    base, scaled = SCENARIOS[name], SCENARIOS[name].scaled(t, r)
    assert math.isclose(scaled.duration_s, base.duration_s * t, rel_tol=1e-9)
    for tag, n in base.expected_iterations().items():
        assert math.isclose(scaled.expected_iterations()[tag], n * t * r, rel_tol=1e-9)
    assert math.isclose(scaled.setup_rate, base.setup_rate / t, rel_tol=1e-9)


def test_seed_stage_tables():
    viral = SCENARIOS["viral"]
    assert viral.duration_s == 600 and viral.setup_urls == 300 and viral.viral_urls == 10
    by = {s.tag: s for s in viral.streams}
    assert (by["creation"].start_rate, max(s.target for s in by["creation"].stages)) == (2, 8)
    assert (by["redirect"].start_rate, max(s.target for s in by["redirect"].stages)) == (50, 200)
    assert (by["viral"].start_rate, max(s.target for s in by["viral"].stages)) == (0, 150)
    base = {s.tag: s for s in SCENARIOS["baseline"].streams}
    assert base["creation"].start_rate == 1 and base["redirect"].start_rate == 20
    assert SCENARIOS["baseline"].duration_s == 600 and SCENARIOS["peak"].duration_s == 300


@given(dau=st.integers(1, 10**6), ratio=st.floats(1, 1000), wpu=st.floats(0.1, 100))
def test_derived_rates_keep_read_write_ratio(dau, ratio, wpu):
    r = derive_rates(dau=dau, read_write_ratio=ratio, writes_per_user_per_day=wpu)
    assert math.isclose(r["redirect_avg"] / r["creation_avg"], ratio, rel_tol=1e-9)
    assert math.isclose(r["creation_avg"], dau * wpu / 86400, rel_tol=1e-9)
    assert r["redirect_peak"] >= r["redirect_avg"]


def test_seed_sizing():
    r = derive_rates()
    assert r["redirect_avg"] == pytest.approx(11.57, abs=0.01)


def test_bad_sizing_rejected():
    with pytest.raises(ValueError):
        derive_rates(dau=0)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(10, 400), share=st.floats(0.3, 0.95))
def test_pareto_hits_requested_top_share(n, share):
    w = pareto_weights(n, share)
    assert math.isclose(sum(w), 1.0, rel_tol=1e-9)
    assert top_share(w) == pytest.approx(share, abs=0.01)
    assert all(a >= b for a, b in zip(w, w[1:]))


def test_zipf_exponent_zero_is_uniform():
    assert zipf_weights(5, 0) == pytest.approx([0.2] * 5)
