"""testcontainers tier for the built image: Postgres (users as PGO creates them), a password-protected
Redis master + replica and two Sentinels as Spotahome configures them, and the image configured exactly
as the rendered kind Deployment configures it (imagetools.shlink_run). Runs the smoke contract and a
Redis master switch in about a minute; needs Docker and SHLINK_IMAGE (the image workflow sets both)."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import pytest

from imagetools.redis_layout import redis_conf, sentinel_conf, switch_master, wait_replicas_known
from imagetools.shlink_run import POSTGRES_IMAGE, docker_kwargs, from_deployment
from kindlab.httpclient import http
from kindlab.plan import suite_secrets
from urlplatform.components import redis, shlink

IMAGE = os.environ.get("SHLINK_IMAGE", "")


def docker_reason() -> str | None:
    try:
        import docker

        docker.from_env(timeout=10).ping()
    except Exception:  # noqa: BLE001 - any failure means no daemon to talk to
        return "no Docker daemon reachable"
    return None if IMAGE else "SHLINK_IMAGE not set (the image workflow builds the image and sets it)"


REASON = docker_reason()
# The image workflow sets TIER_REQUIRED=1: there a missing Docker or image fails instead of skipping.
REQUIRED = os.environ.get("TIER_REQUIRED") == "1"
pytestmark = pytest.mark.skipif(REASON is not None and not REQUIRED, reason=f"image container tier skipped: {REASON}")


def _sh(conf: str, argv: str) -> list[str]:
    """Write a config file inside the container, then exec the server on it (values are hex/plain text)."""
    assert "'" not in conf
    return ["sh", "-c", f"printf '%s' '{conf}' > /tmp/server.conf && exec {argv}"]


def _ip(container, network) -> str:
    c = container.get_wrapped_container()
    c.reload()
    return c.attrs["NetworkSettings"]["Networks"][network.name]["IPAddress"]


def _until(fn, timeout_s: float, what: str, interval: float = 1.0):
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        try:
            result = fn()
            if result:
                return result
        except Exception as e:  # noqa: BLE001 - not up yet
            last = e
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready within {timeout_s:.0f}s ({last})")


def _postgres_users(pg, cluster: dict, db_password: str) -> None:
    """What PGO does for spec.users (CrunchyData/postgres-operator@v5.7.9:internal/postgres/users.go):
    CREATE USER, ALTER ROLE WITH <options> PASSWORD, GRANT ALL PRIVILEGES ON DATABASE, and with the
    autoCreateUserSchema annotation a schema named after the user, owned by it."""
    [user] = cluster["spec"]["users"]
    auto_schema = cluster["metadata"].get("annotations", {}).get("postgres-operator.crunchydata.com/autoCreateUserSchema")
    sql = [f'CREATE USER "{user["name"]}"',
           f'ALTER ROLE "{user["name"]}" WITH LOGIN {user.get("options", "")} PASSWORD \'{db_password}\'']
    for db in user["databases"]:
        sql += [f'CREATE DATABASE "{db}"', f'GRANT ALL PRIVILEGES ON DATABASE "{db}" TO "{user["name"]}"']
    for stmt in sql:
        r = pg.exec(["psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-c", stmt])
        assert r.exit_code == 0, r.output.decode()
    if auto_schema == "true":
        for db in user["databases"]:
            r = pg.exec(["psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", db, "-c",
                         f'CREATE SCHEMA IF NOT EXISTS "{user["name"]}" AUTHORIZATION "{user["name"]}"'])
            assert r.exit_code == 0, r.output.decode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from redis import Redis
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.network import Network

    from urlplatform.config import load_profile
    from urlplatform.render import render

    if REASON is not None:
        pytest.fail(f"TIER_REQUIRED=1 but the image tier cannot run: {REASON}", pytrace=False)
    started = time.monotonic()
    profile = load_profile("kind")
    tree = render(profile)
    [dep] = [o for o in tree["shlink"] if o["kind"] == "Deployment"]
    [rf] = [o for o in tree["data"] if o["kind"] == "RedisFailover"]
    [pgc] = [o for o in tree["data"] if o["kind"] == "PostgresCluster"]
    api_key, db_pw, redis_pw, admin_pw = (secrets.token_hex(16) for _ in range(4))
    data = {s["metadata"]["name"]: s["stringData"] for s in suite_secrets(profile, api_key, db_pw, redis_pw)
            if s["metadata"]["namespace"] == shlink.WORKLOAD.namespace}
    run = from_deployment(dep, image=IMAGE, secret_data=data)
    tmp = tmp_path_factory.mktemp("tier")
    running = []

    def start(container):
        running.append(container)
        return container.start()

    with Network() as net:
        try:
            pg = start(DockerContainer(POSTGRES_IMAGE).with_network(net).with_network_aliases(*run.aliases["postgres"])
                       .with_env("POSTGRES_PASSWORD", admin_pw))
            # the entrypoint's init server listens on the socket only; TCP answers once the real server runs
            _until(lambda: pg.exec(["pg_isready", "-h", "127.0.0.1", "-U", "postgres"]).exit_code == 0, 90, "postgres")
            _postgres_users(pg, pgc, db_pw)

            redis_image = rf["spec"]["redis"]["image"]
            redis_custom = tuple(rf["spec"]["redis"].get("customConfig", ()))
            sentinel_custom = tuple(rf["spec"]["sentinel"].get("customConfig", ()))
            master = start(DockerContainer(redis_image).with_network(net).with_command(
                _sh(redis_conf(password=redis_pw, custom=redis_custom), "redis-server /tmp/server.conf")))
            master_ip = _ip(master, net)
            start(DockerContainer(redis_image).with_network(net).with_command(
                _sh(redis_conf(password=redis_pw, replica_of=(master_ip, redis.PORT), custom=redis_custom),
                    "redis-server /tmp/server.conf")))
            sentinels = []
            for _ in range(2):
                s = start(DockerContainer(rf["spec"]["sentinel"]["image"]).with_network(net)
                          .with_network_aliases(*run.aliases["sentinel"]).with_exposed_ports(redis.SENTINEL_PORT)
                          .with_command(_sh(sentinel_conf(master=(master_ip, redis.PORT), sentinels=2, password=redis_pw,
                                                          custom=sentinel_custom),
                                            "redis-server /tmp/server.conf --sentinel")))
                sentinels.append(Redis(host=s.get_container_host_ip(), port=int(s.get_exposed_port(redis.SENTINEL_PORT)),
                                             socket_timeout=3, decode_responses=True))
            _until(lambda: all(c.ping() for c in sentinels), 30, "sentinels")
            wait_replicas_known(sentinels, 1)

            shlink_container = DockerContainer(IMAGE).with_network(net).with_exposed_ports(run.port)
            for key, value in run.env.items():
                shlink_container.with_env(key, value)
            for mount_dir in run.mount_dirs:
                host_dir = tmp / "secrets" / mount_dir.strip("/").replace("/", "_")
                host_dir.mkdir(parents=True)
                for path, content in run.files.items():
                    if path.startswith(mount_dir + "/"):
                        f = host_dir / Path(path).name
                        f.write_text(content)
                        f.chmod(0o444)  # the Secret's 0440 + fsGroup, for a bind mount owned by the host user
                host_dir.chmod(0o555)
                shlink_container.with_volume_mapping(host_dir, mount_dir, "ro")
            kw = docker_kwargs(run)
            shlink_container.tmpfs.update(kw.pop("tmpfs"))
            shlink_container.with_kwargs(**kw)
            start(shlink_container)
            base = f"http://{shlink_container.get_container_host_ip()}:{shlink_container.get_exposed_port(run.port)}"
            try:
                _until(lambda: http("GET", f"{base}/rest/health", host=profile.shlink_host, timeout=5)[0] == 200,
                       180, "shlink /rest/health")
            except TimeoutError:
                out, err = shlink_container.get_logs()
                print((out + err).decode(errors="replace")[-4000:])
                raise
            print(f"image tier: stack up in {time.monotonic() - started:.1f}s")
            yield {"base": base, "host": profile.shlink_host, "api_key": api_key, "sentinels": sentinels}
        finally:
            for c in reversed(running):
                c.stop()


def create(stack, long_url: str, **extra):
    return http("POST", f"{stack['base']}/rest/v3/short-urls", host=stack["host"], api_key=stack["api_key"],
                body={"longUrl": long_url, **extra})


def test_health(stack):
    status, _, body = http("GET", f"{stack['base']}/rest/health", host=stack["host"])
    assert status == 200 and body["status"] == "pass"


def test_create_200_and_redirect_302_with_location(stack):
    status, _, body = create(stack, "https://example.com/image-tier")
    assert status == 200 and body["shortCode"]
    status, headers, _ = http("GET", f"{stack['base']}/{body['shortCode']}", host=stack["host"])
    assert status == 302 and headers["location"] == "https://example.com/image-tier"


def test_taken_slug_400_non_unique_slug(stack):
    slug = f"tier-{secrets.token_hex(4)}"
    assert create(stack, "https://example.com/slug", customSlug=slug)[0] == 200
    status, headers, body = create(stack, "https://example.com/slug", customSlug=slug)
    assert status == 400 and headers["content-type"].startswith("application/problem+json")
    assert body["type"].endswith("non-unique-slug")


def test_missing_key_401_missing_authentication(stack):
    status, _, body = http("GET", f"{stack['base']}/rest/v3/short-urls", host=stack["host"])
    assert status == 401 and body["type"].endswith("missing-authentication")


def test_redis_master_switch_keeps_shlink_serving(stack):
    switch = switch_master(stack["sentinels"], timeout_s=30)
    started = time.monotonic()

    def serving():
        status, _, body = create(stack, f"https://example.com/after-switch-{time.time_ns()}")
        return status == 200 and http("GET", f"{stack['base']}/{body['shortCode']}", host=stack["host"])[0] == 302

    took = _until(serving, 30, "create + redirect after the master switch", interval=0.5) and time.monotonic() - started
    print(f"image tier: Sentinel switched master {switch.old} -> {switch.new} in {switch.seconds:.1f}s; "
          f"Shlink created and redirected {took:.1f}s later")
    assert switch.new != switch.old
