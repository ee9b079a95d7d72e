"""The istio component's Helm values: K3s CNI paths, CNI-enabled istiod, the gateway on the ingress address."""

from chart_fixture import site

from urlplatform.components import istio

K3S = {"distribution": "k3s", "k3s_version": "v1.31.4+k3s1"}
K3S_STATE = "/var/lib/rancher/k3s/"  # K3s keeps its CNI binaries and config under its data dir


def test_k3s_cni_paths_and_gateway_address():
    p = site(cluster=K3S)
    cni = istio.cni_values(p)["cni"]
    assert cni["cniBinDir"].startswith(K3S_STATE) and cni["cniConfDir"].startswith(K3S_STATE)
    assert istio.istiod_values(p)["pilot"]["cni"]["enabled"] is True
    svc = istio.gateway_values(p)["service"]
    assert svc["type"] == "LoadBalancer" and svc["loadBalancerIP"] == str(p.cluster.ingress_ip)


def test_kind_keeps_the_cni_defaults():
    assert "cniBinDir" not in istio.cni_values(site())["cni"]
