"""LOG_FORMAT=json: one parseable object per line, chats hashed, the token nowhere."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.config import ConfigError
from bot.ops import logs
from bot.ops.config import OpsSettings
from main import RedactToken
from tests.conftest import TOKEN


@pytest.fixture
def json_log() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter(TOKEN))
    logger = logging.getLogger("tests.json_log")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)
    logs.bind()


def test_json_lines_parse_carry_context_and_never_the_token(
    json_log: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = json_log
    logs.bind(update_id=41, chat_id=987654321)
    logger.info("POST https://api.telegram.org/bot%s/sendMessage", TOKEN)
    try:
        raise RuntimeError(f"request to /bot{quote(TOKEN, safe='')}/getMe failed")
    except RuntimeError:
        logger.exception("network trouble for %s", TOKEN)
    logs.bind(job="rem:opening:15")
    logger.warning("a reminder", extra={"chat_id": 987654321})
    output = stream.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert len(lines) == 3
    assert TOKEN not in output and quote(TOKEN, safe="") not in output
    assert "987654321" not in output, "chat ids are hashed, never written raw"
    first, second, third = lines
    assert {"time", "level", "logger", "message"} <= first.keys()
    assert first["level"] == "INFO" and first["logger"] == "tests.json_log"
    assert first["message"] == "POST https://api.telegram.org/bot<token>/sendMessage"
    assert first["update_id"] == 41 and len(first["chat"]) == 16
    assert "Traceback" in second["exception"] and "/bot<token>/getMe" in second["exception"]
    assert third["job"] == "rem:opening:15" and "update_id" not in third
    assert third["chat"] == first["chat"], "the same chat hashes alike: lines can be correlated"


def test_a_traceback_survives_the_token_filter_in_front_of_the_json_lines() -> None:
    """The bot's handlers carry ``RedactToken`` (main.setup_logging), which turns the traceback
    into text before any formatter sees it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactToken(TOKEN))
    handler.setFormatter(logs.JsonFormatter(TOKEN))
    logger = logging.getLogger("tests.json_log_filtered")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        raise RuntimeError(f"request to /bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        logger.exception("update failed")
    finally:
        logger.removeHandler(handler)
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["message"] == "update failed"
    assert "Traceback" in line["exception"] and "/bot<token>/sendMessage" in line["exception"]
    assert TOKEN not in stream.getvalue()


def test_the_default_stays_text_and_a_wrong_format_is_refused() -> None:
    assert OpsSettings.from_env({}).log_format == "text"
    assert OpsSettings.from_env({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        OpsSettings.from_env({"LOG_FORMAT": "xml"})


@pytest.mark.parametrize(
    ("name", "value"),
    [("WEBHOOK_SECRET", "has spaces"), ("WEBHOOK_PORT", "99999"), ("HEALTH_PORT", "web"),
     ("BACKUP_EVERY", "often"), ("BACKUP_KEEP", "0"), ("WEBHOOK_URL", "example.org/hook"),
     ("LOG_LEVEL", "verbose"), ("WEBHOOK_PORT", "²"), ("BACKUP_KEEP", "²")],
)  # fmt: skip
def test_hosting_settings_are_checked(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        OpsSettings.from_env({name: value})


def test_hosting_settings_read_durations_and_ports() -> None:
    ops = OpsSettings.from_env({"BACKUP_EVERY": "30m", "PORT": "8080", "BACKUP_DIR": "/b"})
    assert ops.backup_every == 1800 and ops.webhook_port == 8080 and str(ops.backup_dir) == "/b"
    assert OpsSettings.from_env({"PORT": "1", "WEBHOOK_PORT": "2"}).webhook_port == 2
