"""The mesh app: mTLS, tracing and Shlink's Gateway/VirtualService/DestinationRule and authorization."""

from urlplatform.components import istio
from urlplatform.components.base import OwnApp

MESH = OwnApp(app="mesh", namespace=istio.NAMESPACE, wave=10)
GATEWAY = "shlink-gateway"  # the Gateway resource, in the ingress gateway's namespace
