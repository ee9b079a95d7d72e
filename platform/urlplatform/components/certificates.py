"""The certificates app: a self-signed root, the CA ClusterIssuer and the ingress gateway's certificate."""

from urlplatform.components.base import OwnApp
from urlplatform.components.cert_manager import CERT_MANAGER

CERTIFICATES = OwnApp(app="certificates", namespace=CERT_MANAGER.namespace, wave=-5)
ROOT_ISSUER = "selfsigned-root"
CA_ISSUER = "homelab-ca"
CA_SECRET = "homelab-root-ca"
GATEWAY_CERTIFICATE = "shlink-gateway"
GATEWAY_TLS_SECRET = "shlink-gateway-tls"  # in the gateway's namespace, where the Gateway's credentialName reads it
