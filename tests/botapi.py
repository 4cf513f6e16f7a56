"""A loopback Telegram Bot API server for tests and manual rehearsal.

The real PTB ``Application`` talks HTTP to this server as it would to api.telegram.org, so tests
exercise PTB's request encoding, error mapping and polling loop, and the server rejects what
Telegram rejects (limits, broken HTML, unknown chats, floods) instead of letting the bot pass
tests it would fail in production.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import html
import inspect
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

JSON = dict[str, Any]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CHAT_FULL_INFO = {  # what PTB's ChatFullInfo requires beyond the plain chat
    "accent_color_id": 0, "max_reaction_count": 11,
    "accepted_gift_types": dict.fromkeys(["unlimited_gifts", "limited_gifts", "unique_gifts",
                                          "premium_subscription", "gifts_from_channels"], False),
}  # fmt: skip
# Free-text keys stay strings; PTB JSON-encodes every other non-string value.
STR_KEYS = {
    "text", "caption", "title", "address", "description", "short_description", "name", "data",
    "callback_query_id", "inline_message_id", "photo", "document", "url", "action", "parse_mode",
    "language_code", "foursquare_id", "google_place_id", "secret_token",
}  # fmt: skip
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}  # fmt: skip
HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}  # fmt: skip
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([a-zA-Z]+));?")
_TAG = re.compile(r"<(/?)([^\s>]*)")
_ATTR = re.compile(r"""\s*(?:(>)|([^\s=>]+)\s*(?:=\s*("[^"]*"?|'[^']*'?|[\w.-]*))?)""")
_END = re.compile(r"\s*>")


@dataclass
class Call:
    """One request as the server understood it, so tests assert on what PTB really sent."""

    method: str
    params: dict[str, Any]
    ok: bool
    response: dict[str, Any]


@dataclass
class UploadedFile:
    """A multipart file part, kept whole so tests can check what the bot uploaded."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


class ApiError(Exception):
    """Carries Telegram's error triple to the dispatcher, which turns it into the HTTP answer."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def bad(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def utf16_len(text: str) -> int:
    """Telegram measures text and entity offsets in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(src: str, *, strict_amp: bool = True) -> tuple[str, list[JSON]]:
    """Follow tdlib's HTML parser, error wording included; return plain text and entities.

    Telegram keeps an ``&`` that starts no entity literally; ``strict_amp`` rejects it instead,
    because in a bot it nearly always means user text went into HTML unescaped.
    """
    out: list[str] = []
    stack: list[tuple[str, int, str]] = []  # tag, UTF-16 offset, argument
    entities: list[JSON] = []
    i, n = 0, len(src)

    def fail(detail: str, pos: int, tail: str = "") -> ApiError:
        where = f" at byte offset {len(src[:pos].encode())}" if pos >= 0 else ""
        return bad(f"can't parse entities: {detail}{where}{tail}")

    while i < n:
        j = min([k for k in (src.find("&", i), src.find("<", i)) if k >= 0], default=n)
        out.append(src[i:j])
        if (i := j) == n:
            break
        if src[i] == "&":
            m = _ENTITY.match(src, i)
            char = _decode_entity(m) if m else None
            if m is None or char is None:
                if strict_amp:
                    raise fail('Unescaped "&", use &amp;', i)
                out.append("&")
                i += 1
            else:
                out.append(char)
                i = m.end()
            continue
        begin, tag_match = i, _TAG.match(src, i)
        assert tag_match is not None  # "<" always matches
        closing, name = tag_match.groups()
        i = tag_match.end()
        if closing:
            if not stack:
                raise fail("Unexpected end tag", begin)
            if not (end := _END.match(src, i)):
                raise fail("Unclosed end tag", begin)
            tag, start, arg = stack.pop()
            if name and name != tag:
                raise fail("Unmatched end tag", begin, f', expected "</{tag}>", found "</{name}>"')
            i, text = end.end(), "".join(out)
            _close_entity(entities, tag, start, utf16_len(text) - start, arg, text)
            continue
        if i >= n:
            raise fail("Unclosed start tag", begin)
        tag, arg = name.lower(), ""
        if tag not in HTML_TAGS:
            raise fail(f'Unsupported start tag "{tag}"', begin)
        while (a := _ATTR.match(src, i)) and not a.group(1):
            i, attr, value = a.end(), a.group(2), a.group(3)
            if value is None and (tag, attr) != ("blockquote", "expandable"):
                raise fail(f'Expected equal sign in declaration of an attribute of the tag "{tag}"',
                           begin)  # fmt: skip
            if value and value[0] in "\"'":
                value = html.unescape(value[1:].removesuffix(value[0]))
            else:
                value = (value or "").lower()  # a bare name token, case-insensitive
            if (tag, attr) in {("a", "href"), ("span", "class"), ("tg-emoji", "emoji-id")}:
                arg = value
            elif tag == "code" and attr == "class" and value.startswith("language-"):
                arg = value.removeprefix("language-")
            elif tag == "blockquote" and attr == "expandable":
                arg = "expandable"
        if a is None:
            raise fail(f'Unclosed start tag "{tag}"', begin)
        if tag == "span" and arg != "tg-spoiler":
            raise fail('Tag "span" must have class "tg-spoiler"', begin)
        stack.append((tag, utf16_len("".join(out)), arg))
        i = a.end()
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"', -1)
    for e in entities:
        e.pop("_lang", None)
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _decode_entity(m: re.Match[str]) -> str | None:
    hexa, dec, name = m.groups()
    if name is not None:
        return {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(name)
    code = int(hexa, 16) if hexa is not None else int(dec)
    return None if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)


def _close_entity(ents: list[JSON], tag: str, start: int, length: int, arg: str, text: str) -> None:
    if length == 0:
        return
    e: JSON = {"type": HTML_TAGS[tag], "offset": start, "length": length}
    last = ents[-1] if ents else {}
    same_span = last.get("offset") == start and last.get("length") == length
    if tag == "a":
        e["url"] = arg or text[-length:]  # Telegram falls back to the link text (approximated)
    elif tag == "tg-emoji":
        e["custom_emoji_id"] = arg
    elif tag == "blockquote" and arg:
        e["type"] = "expandable_blockquote"
    elif tag == "code" and arg:
        e["_lang"] = arg
    elif tag == "pre" and same_span and last["type"] == "code":  # <pre><code> is one entity
        ents.pop()
        e.update({"language": last["_lang"]} if "_lang" in last else {})
    ents.append(e)


class FakeBotApi:
    """An in-process Bot API whose state is what users would see, for tests to read."""

    def __init__(
        self,
        token: str = "123:ABC",
        bot_username: str = "meeting_test_bot",
        *,
        first_name: str = "Meeting Bot",
        strict_html_amp: bool = True,
        on_call: Callable[[Call], None] | None = None,
    ) -> None:
        self.token, self.bot_username = token, bot_username
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: JSON = {"id": self.bot_id, "is_bot": True, "first_name": first_name,
                               "username": bot_username}  # fmt: skip
        self.strict_html_amp, self.on_call = strict_html_amp, on_call
        self.calls: list[Call] = []
        self.count_429 = 0
        self.known_chats: set[int] = set()
        self.chats: dict[int, JSON] = {}  # chat objects as updates showed them
        self.blocked: set[int] = set()
        self.commands: dict[tuple[str, str], list[JSON]] = {}  # (scope JSON, language) -> list
        self.texts: dict[tuple[str, str], str] = {}  # (description|short_description|name, lang)
        self.menu_buttons: dict[int | None, JSON] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_posts: list[tuple[int, int]] = []  # (update_id, HTTP status) per delivery
        self._pusher: asyncio.Task[None] | None = None
        self._users: set[int] = set()
        self._msgs: dict[int, dict[int, JSON]] = {}  # chat -> message_id -> message, both sides
        self._next_mid: dict[int, int] = {}
        self._updates: list[JSON] = []
        self._last_update_id = 0
        self._ids = itertools.count(1)
        self._pending_queries: set[str] = set()
        self._allowed: list[str] = []
        self._changed = asyncio.Event()
        self._poll_gen = 0
        self._closing = False
        self._limits: tuple[float | None, float | None, int] = (None, None, 1)
        self._sent_at: deque[float] = deque()
        self._sent_at_chat: dict[int, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._methods = {name.lower(): (name, fn) for name, fn in self._handlers().items()}

    # ---- lifecycle ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> None:
        self._closing = False
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_post("/_control/{action}", self._control)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True  # pending long polls return now instead of holding up the shutdown
        self._pulse()
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- test helpers ------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def clear(self) -> None:
        self.calls.clear()
        self.count_429 = 0

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def rate_limit(
        self,
        per_second: float | None,
        *,
        per_chat_per_second: float | None = None,
        retry_after: int = 1,
    ) -> None:
        self._limits = (per_second, per_chat_per_second, retry_after)
        self._sent_at.clear()
        self._sent_at_chat.clear()

    def push_update(self, update: JSON) -> int:
        update.setdefault("update_id", self._last_update_id + 1)
        self._last_update_id = max(self._last_update_id, int(update["update_id"]))
        self._learn(update)
        self._updates.append(update)
        self._pulse()
        return int(update["update_id"])

    def message_update(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str = "en",
        first_name: str = "Ana",
        username: str | None = None,
        reply_to: int | JSON | None = None,
        entities: list[JSON] | None = None,
        edited: bool = False,
    ) -> JSON:
        """Build (not push) a user's message; it is stored so the bot can reply to or copy it.

        ``edited=True`` edits the user's latest message in that chat, keeping its id.
        """
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        user.update({"username": username} if username else {}, language_code=language_code)
        if chat_type == "private":
            chat: JSON = {"id": chat_id or user_id, "type": "private", "first_name": first_name}
            chat.update({"username": username} if username else {})
        else:
            if chat_id is None:
                chat_id = -user_id if chat_type == "group" else -(10**12 + user_id)
            if chat_id >= 0:
                raise ValueError("group chat ids are negative")
            chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type}"}
        if entities is None and text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])}]
        msg: JSON = {"date": int(time.time()), "chat": chat, "from": user, "text": text}
        msg.update({"entities": entities} if entities else {})
        self.chats.setdefault(chat["id"], chat)  # its shape, for when the chat becomes known
        stored = self._msgs.setdefault(chat["id"], {})
        if reply_to is not None:
            msg["reply_to_message"] = reply_to if isinstance(reply_to, dict) else stored[reply_to]
        if edited:
            mine = [m for m in stored.values() if m["from"]["id"] == user_id]
            if not mine:
                raise ValueError(f"user {user_id} has no message in chat {chat['id']} to edit")
            msg.update(edit_date=msg["date"], message_id=mine[-1]["message_id"])
        else:
            msg["message_id"] = self._mid(chat["id"])
        stored[msg["message_id"]] = msg
        return {"edited_message" if edited else "message": msg}

    def callback_update(
        self, user_id: int, message: JSON, data: str, *, language_code: str = "en"
    ) -> JSON:
        """Press a button on a bot message as it is now; unknown callback_data is a test bug."""
        cid, mid = message["chat"]["id"], message["message_id"]
        current = copy.deepcopy(self._msgs.get(cid, {}).get(mid, message))
        keyboard = current.get("reply_markup", {}).get("inline_keyboard", [])
        datas = {b.get("callback_data") for row in keyboard for b in row}
        if keyboard and data not in datas:
            raise ValueError(f"no button with callback_data {data!r} on message {mid}")
        qid = str(10**9 + next(self._ids))
        self._pending_queries.add(qid)
        user = {"id": user_id, "is_bot": False, "first_name": "Ana", "language_code": language_code}
        return {"callback_query": {"id": qid, "from": user, "message": current,
                                   "chat_instance": str(cid), "data": data}}  # fmt: skip

    def messages(self, chat_id: int) -> list[JSON]:
        msgs = self._msgs.get(chat_id, {}).values()
        return [copy.deepcopy(m) for m in msgs if m["from"]["id"] == self.bot_id]

    def last_message(self, chat_id: int) -> JSON:
        if not (msgs := self.messages(chat_id)):
            raise AssertionError(f"the bot has no message in chat {chat_id}")
        return msgs[-1]

    def my_commands(self, language_code: str = "", scope: JSON | None = None) -> list[JSON]:
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return copy.deepcopy(self.commands.get(key, []))

    async def wait_for(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        """Poll; a predicate raising AssertionError or LookupError just means "not yet"."""
        deadline, last_error = time.monotonic() + timeout, None
        while True:
            try:
                if predicate():
                    return
            except (AssertionError, LookupError) as e:
                last_error = e
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout}s") from last_error
            await asyncio.sleep(0.01)

    async def wait_for_calls(self, method: str, count: int, timeout: float = 5.0) -> list[Call]:
        try:
            await self.wait_for(lambda: len(self.calls_to(method)) >= count, timeout)
        except AssertionError:
            got = len(self.calls_to(method))
            raise AssertionError(f"expected {count} {method} calls, got {got}") from None
        return self.calls_to(method)

    # ---- plumbing ----------------------------------------------------------------------------
    def _pulse(self) -> None:
        """Wake every waiting long poll: each waiter holds the event it started with."""
        old, self._changed = self._changed, asyncio.Event()
        old.set()

    def _mid(self, chat_id: int) -> int:
        self._next_mid[chat_id] = self._next_mid.get(chat_id, 0) + 1
        return self._next_mid[chat_id]

    def _learn(self, obj: Any) -> None:
        """A chat becomes reachable once an update shows it, as with real users."""
        if isinstance(obj, dict):
            if isinstance(chat := obj.get("chat"), dict) and "type" in chat:
                self.chats[chat["id"]] = {**self.chats.get(chat["id"], {}), **chat}
                self.known_chats.add(chat["id"])
            if isinstance(obj.get("from"), dict):
                self._users.add(obj["from"]["id"])
            obj = list(obj.values())
        for value in obj if isinstance(obj, list) else []:
            self._learn(value)

    def _chat(self, raw: Any) -> JSON:
        if raw in (None, ""):
            raise bad("chat_id is empty")
        if not re.fullmatch(r"-?\d+", str(raw)):
            raise bad("chat not found")
        if (cid := int(raw)) in self.known_chats:
            kind = "private" if cid > 0 else "supergroup" if cid < -(10**12) else "group"
            name = {"first_name": "User"} if cid > 0 else {"title": f"Test {kind}"}
            return self.chats.setdefault(cid, {"id": cid, "type": kind, **name})
        if cid in self._users:  # seen in a group, never opened a private chat with the bot
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        raise bad("chat not found")

    def _check_flood(self, chat_id: int) -> None:
        per_second, per_chat, retry_after = self._limits
        now, windows = time.monotonic(), []
        if per_second:
            windows.append((self._sent_at, per_second))
        if per_chat:
            windows.append((self._sent_at_chat.setdefault(chat_id, deque()), per_chat))
        for window, rate in windows:
            span = max(1.0, 1.0 / rate)  # below 1/s the window stretches to hold one message
            while window and window[0] <= now - span:
                window.popleft()
            if len(window) >= max(1, int(rate * span + 1e-9)):
                self.count_429 += 1
                raise ApiError(429, f"Too Many Requests: retry after {retry_after}",
                               {"retry_after": retry_after})  # fmt: skip
        for window, _ in windows:
            window.append(now)

    async def _params(self, request: web.Request) -> JSON:
        raw: JSON = dict(request.query)
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
            raw.update(body if isinstance(body, dict) else {})
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    value = UploadedFile(value.filename, value.content_type, value.file.read())
                raw[key] = value
        params: JSON = {}
        for key, value in raw.items():
            if isinstance(value, str) and key not in STR_KEYS:
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            if isinstance(value, str) and value.startswith("attach://"):
                value = raw.get(value.removeprefix("attach://"), value)
            params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method, params, status = request.match_info["method"], {}, 200
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if method.lower() not in self._methods:
                raise ApiError(404, "Not Found")
            method, handler = self._methods[method.lower()]
            params = await self._params(request)
            if re.match(r"send|edit|copy|forward", method) and "chat_id" in params:
                chat = self._chat(params["chat_id"])
                if chat["id"] in self.blocked:
                    raise ApiError(403, "Forbidden: bot was blocked by the user")
                if method != "sendChatAction":
                    self._check_flood(chat["id"])
            if inspect.isawaitable(result := handler(params)):
                result = await result
            body: JSON = {"ok": True, "result": result}
        except ApiError as e:
            status, body = e.code, {"ok": False, "error_code": e.code, "description": e.description}
            body.update({"parameters": e.parameters} if e.parameters else {})
        except (ValueError, TypeError, KeyError) as e:  # malformed parameters
            status, body = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {e}"}
        if method == "getUpdates" and (request.transport is None or request.transport.is_closing()):
            return web.json_response(body, status=status)  # an abandoned poll: nobody sees this
        call = Call(method, params, body["ok"], body)
        self.calls.append(call)
        if self.on_call:
            self.on_call(call)
        return web.json_response(body, status=status)

    async def _control(self, request: web.Request) -> web.Response:
        """Lets a person rehearse by hand: inject user messages and button presses over HTTP."""
        body, action = await request.json(), request.match_info["action"]
        if action == "message":
            update = self.message_update(**body)
        elif action == "callback":
            msg = self._msgs[int(body["chat_id"])][int(body["message_id"])]
            update = self.callback_update(int(body["user_id"]), msg, str(body["data"]))
        else:
            raise web.HTTPNotFound()
        self.push_update(update)
        return web.json_response(update)

    # ---- message building --------------------------------------------------------------------
    def _format(self, p: JSON, key: str, limit: int, *, required: bool) -> JSON:
        ents_key = "entities" if key == "text" else "caption_entities"
        text, mode = p.get(key), str(p.get("parse_mode") or "").lower()
        entities = p.get(ents_key) or []
        if text not in (None, "") and mode == "html":
            text, entities = parse_html(str(text), strict_amp=self.strict_html_amp)
        elif mode not in ("", "html", "markdown", "markdownv2"):
            raise bad("unsupported parse_mode")
        if text is None or not str(text).strip():
            if required:
                raise bad("message text is empty")
            return {}
        if utf16_len(text := str(text)) > limit:
            raise bad("message is too long" if key == "text" else "message caption is too long")
        return {key: text, ents_key: entities} if entities else {key: text}

    def _markup(self, p: JSON) -> JSON:
        if (markup := p.get("reply_markup")) is None:
            return {}
        if not isinstance(markup, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        for button in [b for row in keyboard or [] for b in row]:
            if not button.get("text") or len(button) < 2:
                raise bad("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(https?|tg)://[^\s/]+", str(button["url"])):
                raise bad("BUTTON_URL_INVALID")
        return {"reply_markup": markup} if keyboard else {}  # only inline keyboards are echoed

    def _reply(self, p: JSON, chat: JSON) -> JSON:
        rp = p.get("reply_parameters")
        if rp is None and p.get("reply_to_message_id"):
            rp = {"message_id": p["reply_to_message_id"]}
        if not isinstance(rp, dict):
            return {}
        target = self._msgs.get(int(rp.get("chat_id", chat["id"])), {}).get(int(rp["message_id"]))
        if target is None:
            if rp.get("allow_sending_without_reply") or p.get("allow_sending_without_reply"):
                return {}
            raise bad("message to be replied not found")
        return {"reply_to_message": {k: v for k, v in target.items() if k != "reply_to_message"}}

    def _store(self, chat: JSON, content: JSON) -> JSON:
        msg: JSON = {"message_id": self._mid(chat["id"]), "from": self.bot_user, "chat": chat,
                     "date": int(time.time()), **content}  # fmt: skip
        self._msgs.setdefault(chat["id"], {})[msg["message_id"]] = msg
        return msg

    def _send(self, p: JSON, content: JSON) -> JSON:
        chat = self._chat(p.get("chat_id"))
        return self._store(chat, {**content, **self._markup(p), **self._reply(p, chat)})

    def _file(self, p: JSON, kind: str) -> JSON:
        value = p.get(kind)
        if isinstance(value, UploadedFile):
            name, ctype, size = value.filename, value.content_type, value.size
        elif isinstance(value, str) and re.match(r"https?://|[\w-]{20,}$", value):
            name, ctype, size = value.rstrip("/").rsplit("/", 1)[-1], "application/octet-stream", 0
        else:
            raise bad("wrong file identifier/HTTP URL specified")
        fid = f"{kind}-{next(self._ids):06d}-file-id-for-tests"
        info = {"file_id": fid, "file_unique_id": f"u{fid}", "file_size": size}
        if kind == "photo":
            return {**info, "width": 800, "height": 600}
        return {**info, "file_name": name, "mime_type": ctype}

    def _find(self, p: JSON, verb: str) -> JSON:
        chat = self._chat(p.get("chat_id"))
        if (msg := self._msgs.get(chat["id"], {}).get(int(p.get("message_id") or 0))) is None:
            raise bad(f"message to {verb} not found")
        if verb == "edit" and msg["from"]["id"] != self.bot_id:
            raise bad("message can't be edited")
        return msg

    def _edit(self, p: JSON, new: JSON, keys: tuple[str, ...]) -> JSON | bool:
        if p.get("inline_message_id"):
            return True
        msg = self._find(p, "edit")
        if keys and (keys[0] == "text") != ("text" in msg):
            raise bad(f"there is no {keys[0]} in the message to edit")
        new.update(self._markup(p))  # an omitted reply_markup removes the keyboard, as in Telegram
        if new == {k: msg[k] for k in (*keys, "reply_markup") if k in msg}:
            raise bad(NOT_MODIFIED)
        for k in (*keys, "reply_markup"):
            msg.pop(k, None)
        msg.update(new, edit_date=int(time.time()))
        return msg

    # ---- methods -----------------------------------------------------------------------------
    def _handlers(self) -> dict[str, Callable[[JSON], Any]]:
        """Telegram's method names (matched case-insensitively); one-liners inline, rest below."""
        text = partial(self._format, key="text", limit=4096, required=True)
        caption = partial(self._format, key="caption", limit=1024, required=False)
        return {
            "getMe": lambda p: {**self.bot_user, "can_join_groups": True,
                                "can_read_all_group_messages": False,
                                "supports_inline_queries": False},
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": lambda p: {"url": self.webhook_url, "has_custom_certificate": False,
                                         "pending_update_count": len(self._updates)},
            "close": lambda p: True,
            "logOut": lambda p: True,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: self.commands.get(self._scope_key(p), []),
            "deleteMyCommands": lambda p: bool(self.commands.pop(self._scope_key(p), True)),
            "setMyDescription": lambda p: self._set_text(p, "description", 512),
            "getMyDescription": lambda p: self._get_text(p, "description"),
            "setMyShortDescription": lambda p: self._set_text(p, "short_description", 120),
            "getMyShortDescription": lambda p: self._get_text(p, "short_description"),
            "setMyName": lambda p: self._set_text(p, "name", 64),
            "setChatMenuButton": self._set_chat_menu_button,
            "sendMessage": lambda p: self._send(p, text(p)),
            "editMessageText": lambda p: self._edit(p, text(p), ("text", "entities")),
            "editMessageCaption": lambda p: self._edit(
                p, caption(p), ("caption", "caption_entities")),
            "editMessageReplyMarkup": lambda p: self._edit(p, {}, ()),
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendLocation": lambda p: self._send(p, {"location": self._location(p)}),
            "sendVenue": self._send_venue,
            "sendPhoto": lambda p: self._send(p, {"photo": [self._file(p, "photo")], **caption(p)}),
            "sendDocument": lambda p: self._send(
                p, {"document": self._file(p, "document"), **caption(p)}),
            "sendChatAction": self._send_chat_action,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "getChat": lambda p: {**self._chat(p.get("chat_id")), **CHAT_FULL_INFO},
        }  # fmt: skip

    async def _get_updates(self, p: JSON) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                           "use deleteWebhook to delete the webhook first")  # fmt: skip
        self._poll_gen += 1
        gen = self._poll_gen
        self._pulse()  # an older poll still waiting learns that it has been superseded
        if isinstance(p.get("allowed_updates"), list):
            self._allowed = p["allowed_updates"]
        offset, limit = int(p.get("offset") or 0), min(max(int(p.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + float(p.get("timeout") or 0)
        hidden = {"chat_member", "message_reaction", "message_reaction_count"}
        while True:
            if offset < 0:
                self._updates = self._updates[offset:]
            self._updates = [
                u for u in self._updates
                if u["update_id"] >= offset
                and ((kind := next((k for k in u if k != "update_id"), "")) in self._allowed
                     or (not self._allowed and kind not in hidden))
            ]  # fmt: skip
            remaining = deadline - time.monotonic()
            if self._updates or remaining <= 0 or self._closing:
                return copy.deepcopy(self._updates[:limit])
            if gen != self._poll_gen:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure "
                               "that only one bot instance is running")  # fmt: skip
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _set_webhook(self, p: JSON) -> bool:
        url = str(p.get("url") or "")
        if url and not re.match(r"https?://", url):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url, self.webhook_secret = url, str(p.get("secret_token") or "")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        self._pulse()
        if url and (self._pusher is None or self._pusher.done()):
            self._pusher = asyncio.create_task(self._push_to_webhook())
        return True

    async def _push_to_webhook(self) -> None:
        """POST pending updates to the webhook one at a time, in order, as Telegram does.

        An update stays pending until the bot answers 2xx, so one sent while the bot is down or
        restarting is delivered later (or to getUpdates after deleteWebhook), never lost.
        """
        async with ClientSession() as session:
            while self.webhook_url and not self._closing:
                if not self._updates:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), 1.0)
                    continue
                update, secret = self._updates[0], self.webhook_secret
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
                try:
                    async with session.post(
                        self.webhook_url,
                        json=update,
                        headers=headers,
                        timeout=ClientTimeout(total=10),
                    ) as answer:
                        status = answer.status
                except (ClientError, TimeoutError):
                    status = 0
                self.webhook_posts.append((int(update["update_id"]), status))
                if 200 <= status < 300 and self._updates and self._updates[0] is update:
                    self._updates.pop(0)
                elif status >= 300 or status == 0:
                    await asyncio.sleep(0.2)  # Telegram backs off too; keep the update

    def _delete_webhook(self, p: JSON) -> bool:
        self.webhook_url = ""
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _scope_key(self, p: JSON) -> tuple[str, str]:
        lang = str(p.get("language_code") or "")
        if lang and not re.fullmatch(r"[a-z]{2}", lang):
            raise bad("invalid language code specified")  # unverified wording
        return json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True), lang

    def _set_my_commands(self, p: JSON) -> bool:
        if not isinstance(commands := p.get("commands"), list):
            raise bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad("BOT_COMMANDS_TOO_MUCH")
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(c.get("command", ""))):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")  # unverified wording
        self.commands.pop(key := self._scope_key(p), None)
        if commands:
            self.commands[key] = [{"command": c["command"], "description": c["description"]}
                                  for c in commands]  # fmt: skip
        return True

    def _set_text(self, p: JSON, key: str, limit: int) -> bool:
        if len(value := str(p.get(key) or "")) > limit:
            raise bad(f"{key.replace('_', ' ')} is too long")  # unverified wording
        self.texts[key, self._scope_key(p)[1]] = value
        return True

    def _get_text(self, p: JSON, key: str) -> JSON:
        return {key: self.texts.get((key, self._scope_key(p)[1]), "")}

    def _set_chat_menu_button(self, p: JSON) -> bool:
        chat_id = self._chat(p["chat_id"])["id"] if p.get("chat_id") else None
        self.menu_buttons[chat_id] = p.get("menu_button") or {"type": "default"}
        return True

    def _delete_message(self, p: JSON) -> bool:
        msg = self._find(p, "delete")
        del self._msgs[msg["chat"]["id"]][msg["message_id"]]
        return True

    def _answer_callback_query(self, p: JSON) -> bool:
        if (qid := str(p.get("callback_query_id") or "")) not in self._pending_queries:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        if len(str(p.get("text") or "")) > 200:
            raise bad("MESSAGE_TOO_LONG")
        self._pending_queries.discard(qid)
        self.callback_answers[qid] = p
        return True

    def _location(self, p: JSON) -> JSON:
        lat, lon = float(p.get("latitude", 999)), float(p.get("longitude", 999))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise bad("wrong latitude or longitude specified")  # unverified wording
        return {"latitude": lat, "longitude": lon}

    def _send_venue(self, p: JSON) -> JSON:
        venue = {"location": self._location(p), "title": str(p.get("title") or ""),
                 "address": str(p.get("address") or "")}  # fmt: skip
        if not venue["title"] or not venue["address"]:
            raise bad("venue title and address must be non-empty")  # unverified wording
        venue.update({k: p[k] for k in ("foursquare_id", "google_place_id") if p.get(k)})
        return self._send(p, {"venue": venue, "location": venue["location"]})

    def _send_chat_action(self, p: JSON) -> bool:
        self._chat(p.get("chat_id"))
        if p.get("action") not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True

    def _source(self, p: JSON, verb: str) -> tuple[JSON, JSON]:
        where = {"chat_id": p.get("from_chat_id"), "message_id": p.get("message_id")}
        src = self._find(where, verb)
        skip = {"message_id", "from", "chat", "date", "edit_date", "reply_to_message",
                "reply_markup", "forward_origin"}  # fmt: skip
        return src, {k: copy.deepcopy(v) for k, v in src.items() if k not in skip}

    def _copy_message(self, p: JSON) -> JSON:
        content = self._source(p, "copy")[1]
        if "caption" in p:
            content.pop("caption_entities", None)
            content.pop("caption", None)
            content.update(self._format(p, "caption", 1024, required=False))
        return {"message_id": self._send(p, content)["message_id"]}

    def _forward_message(self, p: JSON) -> JSON:
        src, content = self._source(p, "forward")
        origin = {"type": "user", "date": src["date"], "sender_user": src["from"]}
        return self._store(self._chat(p.get("chat_id")), {**content, "forward_origin": origin})


async def _serve(port: int, token: str, username: str) -> None:
    def show(c: Call) -> None:
        outcome = "ok" if c.ok else c.response["description"]
        params = json.dumps(c.params, ensure_ascii=False, default=str)[:300]
        print(f"{time.strftime('%H:%M:%S')} {c.method} {outcome} {params}", flush=True)

    api = FakeBotApi(token, username, on_call=show)
    await api.start(port)
    example = json.dumps({"user_id": 42, "text": "/start"})
    print(f"Fake Bot API at {api.url} (base_url {api.url}/bot); Ctrl-C stops.", flush=True)
    print(f"Inject: curl -H 'Content-Type: application/json' -d '{example}' "
          f"{api.url}/_control/message  (/_control/callback takes user_id, chat_id, message_id, "
          "data)", flush=True)  # fmt: skip
    try:
        await asyncio.Event().wait()
    finally:
        await api.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the fake Telegram Bot API server.")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123:ABC")
    parser.add_argument("--username", default="meeting_test_bot")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.token, args.username))


if __name__ == "__main__":
    main()
