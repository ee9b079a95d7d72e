"""What a pinned upstream chart creates besides its own release namespace, as data with evidence.

ArgoCD validates every object a chart renders against the AppProject and needs every custom resource's CRD
before it applies it. The rendered tree only shows our values, not what the chart makes of them, so the facts
that matter for convergence are recorded on each component (`HelmComponent.footprint`): which CRDs a chart installs (`crds`, "group/Kind") and which
objects it renders outside its release namespace or of a kind it does not install itself (`emits`), each
conditioned on the values that switch it on. Evidence is `owner/repo@tag:path`; the replay test evaluates
these facts against the values in the rendered Applications. Only CRDs read at the pinned tag are listed
(a chart may install more; listing fewer can only make the replay stricter).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Emits:
    """Objects of `kind` ("group/Kind", core group empty) rendered when every `when` values path is truthy.

    `when` pairs a dotted values path with the chart's default for it. The namespace is `namespace_value`
    (a dotted values path) when set in the values, else `namespace`; None means the release namespace.
    """

    kind: str
    evidence: str
    namespace: str | None = None
    namespace_value: str | None = None
    when: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Footprint:
    """CRDs a chart installs (when `crds_when` is truthy) and objects it emits."""

    crds: tuple[str, ...] = ()
    crds_evidence: str = ""
    crds_when: tuple[tuple[str, bool], ...] = ()
    emits: tuple[Emits, ...] = field(default_factory=tuple)


def value(values: dict, dotted: str, default):
    """A dotted path in Helm values, or `default` when any part is missing (the chart's own default)."""
    cur = values
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return default
        cur = cur[part]
    return cur


def _enabled(values: dict, when: tuple[tuple[str, bool], ...]) -> bool:
    return all(value(values, path, default) for path, default in when)


def installed_crds(fp: Footprint, values: dict, *, skip_crds: bool = False) -> set[str]:
    """The "group/Kind"s a chart installs with these values (Helm `--skip-crds` drops its crds/ folder)."""
    if skip_crds or not _enabled(values, fp.crds_when):
        return set()
    return set(fp.crds)


def emitted(fp: Footprint, values: dict, release_namespace: str) -> list[tuple[str, str]]:
    """(kind, namespace) of every object the chart emits with these values."""
    out = []
    for e in fp.emits:
        if not _enabled(values, e.when):
            continue
        ns = e.namespace or release_namespace
        if e.namespace_value:
            ns = value(values, e.namespace_value, ns) or ns
        out.append((e.kind, ns))
    return out


SERVICE_MONITOR = "monitoring.coreos.com/ServiceMonitor"
