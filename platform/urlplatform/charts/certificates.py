"""Certificates: self-signed root -> CA ClusterIssuer for the homelab domain, and the gateway certificate."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.names import CERT_MANAGER_NS, INGRESS_NS
from urlplatform.config import Profile
from urlplatform.resources.crd import Certificate, ClusterIssuer

ROOT_ISSUER = "selfsigned-root"
CA_ISSUER = "homelab-ca"
CA_SECRET = "homelab-root-ca"
GATEWAY_TLS_SECRET = "shlink-gateway-tls"


class CertificatesChart(Chart):
    app_name = "certificates"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        issuer = {"group": "cert-manager.io", "kind": "ClusterIssuer"}
        ClusterIssuer(self, "root", name=ROOT_ISSUER, spec={"selfSigned": {}})
        Certificate(self, "ca", name=CA_SECRET, namespace=CERT_MANAGER_NS, spec={
            "isCA": True, "commonName": f"{profile.cluster.name} {profile.name} root CA", "secretName": CA_SECRET,
            "duration": "87600h", "privateKey": {"algorithm": "ECDSA", "size": 256},
            "issuerRef": issuer | {"name": ROOT_ISSUER}})
        ClusterIssuer(self, "ca-issuer", name=CA_ISSUER, spec={"ca": {"secretName": CA_SECRET}})
        Certificate(self, "gateway", name="shlink-gateway", namespace=INGRESS_NS, spec={
            "secretName": GATEWAY_TLS_SECRET, "dnsNames": [profile.shlink_host], "duration": "2160h",
            "renewBefore": "360h", "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
            "issuerRef": issuer | {"name": CA_ISSUER}})
