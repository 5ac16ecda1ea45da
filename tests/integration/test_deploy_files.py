"""The container stack's files are valid and agree with the code, checked by
the tools that read them (docker-compose, kubectl when present): not a unit
test, as it needs them installed (`make test` does)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from synergi_shared.tools.services import SERVICE_ORDER, service_factories

ROOT = Path(__file__).resolve().parents[2]


def compose(*args: str, secret: str | None = "x" * 32) -> subprocess.CompletedProcess[str]:
    if shutil.which("docker-compose") is None:
        pytest.fail("docker-compose (Debian) validates docker-compose.yml; `make test` installs it")
    env = {k: v for k, v in os.environ.items() if k != "SYNERGI_JWT_SECRET"}
    if secret:
        env["SYNERGI_JWT_SECRET"] = secret
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_compose_file_is_valid_and_runs_every_service_behind_a_gateway() -> None:
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr
    services = set(compose("config", "--services").stdout.split())
    assert services == {
        *SERVICE_ORDER,
        *("kafka", "mongo", "topics", "gateway", "otel-collector", "jaeger"),
    }


def test_compose_sends_every_services_traces_to_jaeger_through_the_collector() -> None:
    stack = compose_config()
    collector = yaml.safe_load((ROOT / "deploy" / "otel" / "collector.yaml").read_text())
    exporter = collector["exporters"]["otlp/jaeger"]["endpoint"]
    assert exporter.split(":")[0] in stack["services"]
    receiver = collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    for name in SERVICE_ORDER:
        env = stack["services"][name]["environment"]
        assert (
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] == f"http://otel-collector:{receiver.split(':')[1]}"
        )
        assert env["OTEL_SERVICE_NAME"] == f"synergi-{name}"
    ports = [p["target"] for p in stack["services"]["jaeger"]["ports"]]
    assert 16686 in ports  # the UI the README points to


def test_compose_refuses_to_start_without_a_jwt_secret() -> None:
    result = compose("config", "-q", secret=None)
    assert result.returncode != 0
    assert "SYNERGI_JWT_SECRET" in result.stderr


def test_gateway_routes_every_service_by_its_path_prefix() -> None:
    routes = (ROOT / "deploy" / "gateway" / "routes.conf").read_text()
    routed = set(re.findall(r"location /(\w+)/\s*\{\s*proxy_pass http://(\w+);", routes))
    assert routed == {(name, name) for name in SERVICE_ORDER}
    assert set(service_factories()) == set(SERVICE_ORDER)
    # The Host the client sent, port included, or a service's links lose the port.
    assert re.search(r"proxy_set_header\s+Host\s+\$http_host;", routes)
    compose_gateway = (ROOT / "deploy" / "gateway" / "nginx.conf").read_text()
    assert "include /etc/nginx/routes.conf;" in compose_gateway
    upstreams = set(re.findall(r"upstream (\w+)\s*\{\s*server (\w+):8000;", compose_gateway))
    assert upstreams == {(name, name) for name in SERVICE_ORDER}


def rendered_k8s() -> list[dict]:
    if shutil.which("kubectl") is None:
        pytest.fail("kubectl renders deploy/k8s (`make test` installs Debian's kubernetes-client)")
    result = subprocess.run(
        ["kubectl", "kustomize", str(ROOT / "deploy" / "k8s" / "base")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def compose_config() -> dict:
    result = compose("config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_kubernetes_deployments_agree_with_compose_and_have_probes() -> None:
    objects = rendered_k8s()
    by_kind: dict[str, dict[str, dict]] = {}
    for obj in objects:
        by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj
    stack = compose_config()["services"]
    config = by_kind["ConfigMap"]["synergi-config"]["data"]
    secret = by_kind["Secret"]["synergi-secrets"]["stringData"]
    assert secret == {"SYNERGI_JWT_SECRET": "", "SYNERGI_SMTP_PASSWORD": ""}  # never committed

    assert set(by_kind["Deployment"]) == {*SERVICE_ORDER, "web"}
    [web] = by_kind["Deployment"]["web"]["spec"]["template"]["spec"]["containers"]
    assert web["image"] == stack["gateway"]["image"]  # the image compose builds
    for name in SERVICE_ORDER:
        [container] = by_kind["Deployment"][name]["spec"]["template"]["spec"]["containers"]
        composed = stack[name]
        assert container["image"] == composed["image"]
        assert container["args"] == composed["command"]
        [port] = container["ports"]
        assert str(port["containerPort"]) == composed["command"][-1]
        assert container["livenessProbe"]["httpGet"]["path"] == f"/{name}/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == f"/{name}/readyz"
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        # The same variables as in compose, from the ConfigMap, the Secret or the pod.
        own = {env["name"]: env["value"] for env in container["env"]}
        assert set(composed["environment"]) == set(config) | set(secret) | set(own)
        assert own["OTEL_SERVICE_NAME"] == composed["environment"]["OTEL_SERVICE_NAME"]
        service = by_kind["Service"][name]["spec"]
        assert service["ports"][0]["targetPort"] == "http"

    paths = by_kind["Ingress"]["synergi"]["spec"]["rules"][0]["http"]["paths"]
    assert {(p["path"], p["backend"]["service"]["name"]) for p in paths} == {
        *((f"/{name}", name) for name in SERVICE_ORDER),
        ("/", "web"),
    }


def test_keda_scales_matching_on_the_lag_of_every_topic_it_reads(settings) -> None:
    [scaled] = [obj for obj in rendered_k8s() if obj["kind"] == "ScaledObject"]
    assert scaled["spec"]["scaleTargetRef"]["name"] == "matching"
    matching = service_factories()["matching"](settings).state.asyncapi
    consumed = {
        channel["address"]
        for channel in matching["channels"].values()
        if not channel["address"].endswith((".dlq", "matching.v1"))
    }
    triggers = scaled["spec"]["triggers"]
    assert {t["metadata"]["topic"] for t in triggers} == consumed
    assert {t["metadata"]["consumerGroup"] for t in triggers} == {
        settings.consumer_group("matching")
    }
    # More replicas than partitions would sit idle (topics are made with 3).
    assert scaled["spec"]["maxReplicaCount"] <= 3


@pytest.mark.parametrize("image", ["compose", "kubernetes"])
def test_the_gateway_configurations_are_ones_nginx_takes(image: str, tmp_path: Path) -> None:
    """The compose stack's gateway and the gateway image alone (Kubernetes)
    each include the shared http-level settings and security headers; nginx
    itself checks the files as the image lays them out (`nginx -t`)."""
    gateway = ROOT / "deploy" / "gateway"
    etc = tmp_path / "etc"
    etc.mkdir()
    for name in ("routes.conf", "http.conf", "headers.conf", "scrapers.conf"):
        shutil.copy(gateway / name, etc / name)
    if image == "compose":
        main = (gateway / "nginx.conf").read_text()
        main = re.sub(r"server (\w+):8000;", "server 127.0.0.1:8000;", main)
    else:
        shutil.copy(gateway / "web.conf", etc / "web.conf")
        main = "events {}\nhttp {\n    include /etc/nginx/web.conf;\n}\n"
    assert (
        "headers.conf"
        in (gateway / ("routes.conf" if image == "compose" else "web.conf")).read_text()
    )
    main = main.replace("/etc/nginx/", f"{etc}/")
    (etc / "nginx.conf").write_text(f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\n{main}")
    for name in ("routes.conf", "web.conf"):
        if (etc / name).exists():
            text = (etc / name).read_text().replace("/etc/nginx/", f"{etc}/")
            (etc / name).write_text(text)
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(etc / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_gateway_image_builds_the_web_app_with_its_generated_types() -> None:
    """The image's build has what `npm run build` reads besides web/: the
    generator's own packages and docs/openapi/ (kept out of the context's
    ignore list), at the paths web/tools/openapi/generate.mjs looks."""
    dockerfile = (ROOT / "deploy" / "gateway" / "Dockerfile").read_text()
    assert "WORKDIR /web" in dockerfile
    assert "COPY docs/openapi /docs/openapi" in dockerfile
    assert "cd tools/openapi && npm ci" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "!docs/openapi" in ignored[ignored.index("docs") :]
    generator = (ROOT / "web" / "tools" / "openapi" / "generate.mjs").read_text()
    assert 'join(web, "..", "docs", "openapi")' in generator
