"""The typed SLO spec and its loader: a bad spec is one line naming the file and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SPEC_FILE = Path(__file__).resolve().parents[1] / "shlink.yaml"

# Envoy's default histogram buckets (ms). Istio 1.24 sets `histogram_bucket_settings` only when a pod
# carries the `sidecar.istio.io/statsHistogramBuckets` annotation (istio/istio@1.24.2:pkg/bootstrap/config.go),
# so istio_request_duration_milliseconds uses Envoy's defaults
# (envoyproxy/envoy:source/common/stats/histogram_impl.cc, HistogramSettingsImpl::defaultBuckets).
# A latency threshold between two boundaries could only be interpolated, so the spec accepts boundaries only.
ISTIO_DURATION_BUCKETS_MS = (0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
                             300000, 600000, 1800000, 3600000)
# The SLO period: the longest window the recording rules keep (rules.WINDOWS ends with it).
PERIOD = "30d"


class SpecError(ValueError):
    """The SLO spec is unreadable or invalid; str() is one line naming the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sli(_Strict):
    """What counts as a bad event: a 5xx (availability) or an answer slower than `threshold_ms` (latency)."""

    kind: Literal["availability", "latency"]
    route: Literal["redirect", "create"]
    threshold_ms: float | None = None

    @field_validator("threshold_ms")
    @classmethod
    def _bucket_boundary(cls, v: float | None) -> float | None:
        if v is not None and v not in ISTIO_DURATION_BUCKETS_MS:
            raise ValueError(f"{v:g} is not a bucket boundary of istio_request_duration_milliseconds; "
                             f"choose one of {', '.join(f'{b:g}' for b in ISTIO_DURATION_BUCKETS_MS)}")
        return v

    @model_validator(mode="after")
    def _threshold_matches_kind(self) -> Sli:
        if self.kind == "latency" and self.threshold_ms is None:
            raise ValueError("threshold_ms: required for a latency SLI")
        if self.kind == "availability" and self.threshold_ms is not None:
            raise ValueError("threshold_ms: only a latency SLI has a threshold")
        return self


class Slo(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*[a-z0-9]$")
    description: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    sli: Sli
    target: float = Field(gt=0, lt=1)

    @property
    def error_budget(self) -> float:
        """Allowed share of bad events, 1 - target, rounded so 0.99 gives 0.01 and not 0.010000000000000009."""
        return round(1 - self.target, 9)


class SloSpec(_Strict):
    service: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    window: str
    slos: tuple[Slo, ...] = Field(min_length=1)

    @field_validator("window")
    @classmethod
    def _period(cls, v: str) -> str:
        if v != PERIOD:
            raise ValueError(f"{v!r}: the recording rules keep windows up to {PERIOD}; use {PERIOD}")
        return v

    @field_validator("slos")
    @classmethod
    def _unique(cls, v: tuple[Slo, ...]) -> tuple[Slo, ...]:
        seen = set()
        for s in v:
            if s.name in seen:
                raise ValueError(f"SLO name {s.name!r} is used twice")
            seen.add(s.name)
        return v

    def by_name(self, name: str) -> Slo:
        return next(s for s in self.slos if s.name == name)

    def for_sli(self, kind: str, route: str) -> Slo | None:
        return next((s for s in self.slos if s.sli.kind == kind and s.sli.route == route), None)


def load_spec(path: Path = SPEC_FILE) -> SloSpec:
    """Load and validate an SLO spec file (default: the committed `slo/shlink.yaml`)."""
    try:
        data = yaml.safe_load(Path(path).read_text())
    except OSError as e:
        raise SpecError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SpecError(f"{path}{f':{mark.line + 1}' if mark else ''}: invalid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: top level must be a mapping with service, window and slos")
    try:
        return SloSpec.model_validate(data)
    except ValidationError as e:
        raise SpecError(f"{path}: {_describe(e.errors()[0])}") from None


def _describe(err: dict) -> str:
    field = ".".join(str(p) for p in err["loc"]) or "<spec>"
    if err["type"] == "extra_forbidden":
        return f"{field}: unknown key; remove it or fix its spelling"
    if err["type"] == "missing":
        return f"{field}: required key is missing; add it"
    msg = err["msg"].removeprefix("Value error, ")
    if msg.startswith("threshold_ms: "):  # raised by the model validator, which pydantic locates at the SLI
        field, msg = f"{field}.threshold_ms", msg.removeprefix("threshold_ms: ")
    return f"{field}: {msg}".replace("\n", " ")
