"""Settings from the environment: every bad value is one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from tests.test_main import clean_env, run_main


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1, 2", {1, 2}),
        ("1,\t2", {1, 2}),  # a tab after the comma
        ("1,2\r", {1, 2}),  # the CR a CRLF .env file leaves at the end of the line
        (" 7 ,, 8 ", {7, 8}),
        ("", set()),
    ],
)
def test_organiser_ids_are_trimmed(value: str, expected: set[int]) -> None:
    assert Settings.from_env({"ORGANISER_IDS": value}).organiser_ids == expected


@pytest.mark.parametrize("bad", ["--5", "-5", "-1001234", "abc", "1e3", "5.0", "+-3", "0"])
def test_a_bad_organiser_id_is_named(bad: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({"ORGANISER_IDS": f"12,{bad}"})
    message = str(raised.value)
    assert "ORGANISER_IDS" in message and repr(bad) in message
    assert "\n" not in message


async def test_main_refuses_a_bad_organiser_id_in_one_line(tmp_path: Path) -> None:
    env = clean_env(TELEGRAM_BOT_TOKEN="1:x", ORGANISER_IDS="12,--5", BOT_DB=str(tmp_path / "db"))
    code, _, err = await run_main(env=env)
    assert code == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "'--5'" in err


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ORGANISERS_CHAT_ID", "--100123"),
        ("ORGANISERS_CHAT_ID", "²"),
        ("TELEGRAM_API_URL", "api.telegram.org"),
        ("ANSWER_ENCODER", "lexical"),
    ],
)
def test_settings_that_ended_in_a_traceback_are_named(name: str, value: str) -> None:
    """Each passed the checks and failed later, deep in a library, or (ANSWER_ENCODER) meant
    "on" whatever was written."""
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({name: value})
    assert str(raised.value).startswith(f"{name}: ") and "\n" not in str(raised.value)


@pytest.mark.parametrize("rate", ["31", "100", "1000"])
def test_a_send_rate_above_telegrams_limit_is_refused(rate: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({"SEND_RATE": rate})
    assert "SEND_RATE" in str(raised.value) and "30" in str(raised.value)


def test_send_rate_up_to_telegrams_limit_is_accepted() -> None:
    assert Settings.from_env({"SEND_RATE": "30"}).send_rate == 30
    assert Settings.from_env({"SEND_RATE": " 12.5\r"}).send_rate == 12.5
