"""Crunchy Postgres Operator v5 (the `PostgresCluster` controller), from Crunchy's OCI registry."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.components.footprint import Footprint
from urlplatform.config import Profile


def values(p: Profile) -> dict:
    return {"replicas": 1, "debug": False}


# Writes only into its release namespace: CrunchyData/postgres-operator-examples@fdf9fb68bebe helm/install/templates.
PGO = HelmComponent(
    app="pgo", namespace="postgres-operator", wave=-20,
    chart=ChartPin(repo_url="oci://registry.developers.crunchydata.com/crunchydata", chart="pgo", version="5.7.2"),
    values=values, server_side_apply=True,
    footprint=Footprint(
        crds=("postgres-operator.crunchydata.com/PostgresCluster", "postgres-operator.crunchydata.com/PGUpgrade",
              "postgres-operator.crunchydata.com/PGAdmin", "postgres-operator.crunchydata.com/CrunchyBridgeCluster"),
        crds_evidence="CrunchyData/postgres-operator-examples@fdf9fb68bebe (5.7.2 release, no tag):helm/install/crds/"))
