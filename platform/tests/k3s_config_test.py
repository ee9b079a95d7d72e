"""K3s server configs: first node initialises embedded etcd, the others join; traefik off, ServiceLB kept."""

from hypothesis import given, settings
from hypothesis import strategies as st

from urlplatform.config import load_profile
from urlplatform.config.model import Profile
from urlplatform.k3s import server_configs


def test_homelab_configs():
    cfgs = server_configs(load_profile("homelab"))
    assert list(cfgs) == ["k3s-1", "k3s-2", "k3s-3"]
    assert cfgs["k3s-1"]["cluster-init"] is True and "server" not in cfgs["k3s-1"]
    for name in ("k3s-2", "k3s-3"):
        assert cfgs[name]["server"] == "https://192.168.2.242:6443" and "cluster-init" not in cfgs[name]
    for cfg in cfgs.values():
        assert cfg["disable"] == ["traefik"]
        assert "token" not in cfg


@settings(max_examples=20, deadline=None)
@given(count=st.integers(1, 7), start=st.integers(10, 200))
def test_any_node_count(count, start):
    data = load_profile("homelab").model_dump(mode="json")
    data["cluster"]["nodes"] = [{"name": f"n{i}", "ip": f"192.168.2.{start + i}"} for i in range(count)]
    data["cluster"]["ingress_ip"] = f"192.168.2.{start}"
    data["shlink"]["replicas"] = 1
    cfgs = server_configs(Profile.model_validate(data))
    assert sum(1 for c in cfgs.values() if c.get("cluster-init")) == 1
    assert all(c["server"] == f"https://192.168.2.{start}:6443" for n, c in cfgs.items() if n != "n0")
