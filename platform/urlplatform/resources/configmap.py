"""A ConfigMap holding text files (e.g. Grafana dashboards picked up by the sidecar's label)."""

from cdk8s_plus_31 import k8s
from constructs import Construct


class ConfigMap(Construct):
    """A ConfigMap of `data` (file name -> text)."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, data: dict[str, str],
                 labels: dict | None = None):
        super().__init__(scope, id)
        self.name = name
        k8s.KubeConfigMap(self, "cm", metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels),
                          data=dict(data))
