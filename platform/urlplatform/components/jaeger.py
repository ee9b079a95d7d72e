"""Jaeger all-in-one: the mesh's trace collector and the query service Kiali reads."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.components.footprint import SERVICE_MONITOR, Emits, Footprint
from urlplatform.config import Profile

OTLP_GRPC_PORT = 4317
QUERY_GRPC_PORT = 16685
QUERY_UI_PORT = 16686


def values(p: Profile) -> dict:
    """All-in-one Jaeger (the chart enables OTLP itself) behind a ClusterIP collector Service.

    Sidecars route a headless Service through an original-destination cluster, which Envoy's tracer
    cannot use, so the collector Service gets a cluster IP.
    """
    return {"provisionDataStore": {"cassandra": False}, "storage": {"type": "memory"},
            "allInOne": {"enabled": True, "service": {"headless": False}},
            "agent": {"enabled": False}, "collector": {"enabled": False}, "query": {"enabled": False}}


JAEGER = HelmComponent(
    app="jaeger", namespace="observability", wave=-10, pss="baseline", reason="the all-in-one chart sets no seccompProfile",
    chart=ChartPin(repo_url="https://jaegertracing.github.io/helm-charts", chart="jaeger", version="3.3.3"),
    values=values,
    footprint=Footprint(emits=tuple(
        Emits(SERVICE_MONITOR, namespace_value=f"{part}.serviceMonitor.namespace",
              when=((f"{part}.serviceMonitor.enabled", False),),
              evidence=f"jaegertracing/helm-charts@jaeger-3.3.3:charts/jaeger/templates/{part}-servicemonitor.yaml")
        for part in ("query", "collector", "agent", "ingester"))))
COLLECTOR_HOST = JAEGER.service_host("collector")
QUERY_HOST = JAEGER.service_host("query")
