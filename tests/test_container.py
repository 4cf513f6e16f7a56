"""The container recipe: the image builds and its health check passes, when an engine is here.

The machine may have the docker client without an engine (CI runners, this development box):
then the build test is skipped and says so; the recipe's own consistency is checked always.
"""

from __future__ import annotations

import asyncio
import configparser
import functools
import shutil
import subprocess
import uuid

import pytest
import yaml

from main import parser
from tests.botapi import FakeBotApi
from tests.conftest import ROOT, TOKEN
from tests.test_webhook import free_port


@functools.cache
def engine_missing() -> str | None:
    """Why no container can be built here, or None when an engine answers."""
    if shutil.which("docker") is None:
        return "no docker client on this machine"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        return "docker info timed out: no container engine reachable"
    if info.returncode != 0:
        return "docker client present but no container engine reachable (docker info failed)"
    return None


def test_the_recipe_uses_real_commands_a_volume_and_a_read_only_event_file() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "HEALTHCHECK" in dockerfile and 'CMD ["python", "main.py", "health"]' in dockerfile
    assert parser().parse_args(["health"]).command == "health"
    assert "\nUSER meetingbot\n" in dockerfile and 'VOLUME ["/data"]' in dockerfile
    service = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["bot"]
    assert "./events:/event:ro" in service["volumes"]
    assert any(volume.endswith(":/data") for volume in service["volumes"])
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(ROOT / "deploy" / "meeting-bot.service")
    assert unit["Service"]["Restart"] == "on-failure"
    assert unit["Service"]["ExecStart"].endswith("python main.py")


async def docker(*args: str, timeout: float = 60) -> str:
    """Run a docker command off the event loop: the fake Bot API must answer meanwhile."""
    done = await asyncio.to_thread(
        subprocess.run, ["docker", *args], capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(engine_missing() is not None, reason=str(engine_missing()))
async def test_the_image_builds_and_its_health_check_passes(api: FakeBotApi) -> None:
    tag, name = f"meeting-bot-test:{uuid.uuid4().hex[:8]}", f"meeting-bot-{uuid.uuid4().hex[:8]}"
    await docker("build", "-t", tag, str(ROOT), timeout=900)
    try:
        await docker(
            "run", "-d", "--name", name, "--network", "host",
            "--health-interval", "2s", "--health-start-period", "5s",
            "-e", f"TELEGRAM_BOT_TOKEN={TOKEN}", "-e", f"TELEGRAM_API_URL={api.url}",
            "-e", f"HEALTH_PORT={free_port()}", tag,
        )  # fmt: skip
        status = ""
        for _ in range(60):  # bounded: a minute for the first passing check
            status = await docker("inspect", "--format", "{{.State.Health.Status}}", name)
            if status in ("healthy", "unhealthy"):
                break
            await asyncio.sleep(1)
        assert status == "healthy"
        assert await docker("exec", name, "id", "-u") != "0", "the bot does not run as root"
    finally:
        for command in (["rm", "-f", name], ["rmi", "-f", tag]):
            await asyncio.to_thread(subprocess.run, ["docker", *command], capture_output=True)
