"""The bot token never reaches a log line, a traceback or stderr."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from main import RedactToken
from tests.botapi import FakeBotApi
from tests.test_main import clean_env, run_main

REVOKED = "987654:REVOKED-token-the-server-refuses"


async def test_a_rejected_token_is_said_plainly_and_never_printed(
    api: FakeBotApi, tmp_path: Path
) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=REVOKED, TELEGRAM_API_URL=api.url, BOT_DB=str(tmp_path / "db")
    )
    code, out, err = await run_main(env=env)
    assert api.calls_to("getMe"), "the bot never asked the server"
    assert REVOKED not in out + err
    assert REVOKED.split(":")[1] not in out + err
    assert code != 0
    last = err.strip().splitlines()[-1]  # PTB logs its traceback (redacted) before it
    assert "rejected" in last and "TELEGRAM_BOT_TOKEN" in last
    assert "<token>" in err  # the token was there, and redacted


def test_a_traceback_in_a_log_record_is_redacted() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactToken(REVOKED))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise RuntimeError(f"The token `{REVOKED}` was rejected by the server.")
        except RuntimeError:
            log.exception("start failed for %s", REVOKED)
        log.error("no exception", stack_info=True, extra={"token": REVOKED})
    finally:
        log.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "RuntimeError" in text
    assert REVOKED not in text
    assert text.count("<token>") >= 2
