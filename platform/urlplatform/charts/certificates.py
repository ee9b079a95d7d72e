"""Certificates: self-signed root -> CA ClusterIssuer for the homelab domain, and the gateway certificate."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.components.base import Component
from urlplatform.components.certificates import CA_ISSUER, CA_SECRET, GATEWAY_CERTIFICATE, GATEWAY_TLS_SECRET, ROOT_ISSUER
from urlplatform.config import Profile
from urlplatform.resources.crd import Certificate, ClusterIssuer


class CertificatesChart(Chart):
    """The CA lives in the app's namespace (cert-manager's); the gateway certificate in the gateway's."""

    def __init__(self, scope: Construct, *, profile: Profile, component: Component, gateway: Component):
        super().__init__(scope, component.app, disable_resource_name_hashes=True)
        issuer = {"group": "cert-manager.io", "kind": "ClusterIssuer"}
        ClusterIssuer(self, "root", name=ROOT_ISSUER, spec={"selfSigned": {}})
        Certificate(self, "ca", name=CA_SECRET, namespace=component.namespace, spec={
            "isCA": True, "commonName": f"{profile.cluster.name} {profile.name} root CA", "secretName": CA_SECRET,
            "duration": "87600h", "privateKey": {"algorithm": "ECDSA", "size": 256},
            "issuerRef": issuer | {"name": ROOT_ISSUER}})
        ClusterIssuer(self, "ca-issuer", name=CA_ISSUER, spec={"ca": {"secretName": CA_SECRET}})
        Certificate(self, "gateway", name=GATEWAY_CERTIFICATE, namespace=gateway.namespace, spec={
            "secretName": GATEWAY_TLS_SECRET, "dnsNames": [profile.shlink_host], "duration": "2160h",
            "renewBefore": "360h", "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
            "issuerRef": issuer | {"name": CA_ISSUER}})
