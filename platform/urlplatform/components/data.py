"""The data app: Postgres (PGO) and Redis Sentinel (Spotahome) in their own namespace."""

from urlplatform.components.base import OwnApp

DATA = OwnApp(app="data", namespace="shlink-data", wave=0, pss="baseline",
              reason="PGO (Postgres, pgBackRest) and redis-operator pods do not set seccompProfile "
                     "and capabilities drop ALL on every container",
              keep_on_delete=True)
