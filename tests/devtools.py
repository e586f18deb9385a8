"""Driving real headless Chromium over its DevTools protocol, for tests that must type into a
page (the served workbench): launch, open a page, press keys, take a screenshot.

Only what the tests need, over aiohttp's websocket client (textual-serve brings aiohttp).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import struct
import subprocess
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = next((found for name in ("chromium", "chromium-browser")
                 if (found := shutil.which(name))), None)

#: Flags for a quiet, private, offline browser (no background connections to refuse).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio")


class Page:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        await self.socket.send_json({"id": call_id, "method": method, "params": params})
        async for message in self.socket:
            data = json.loads(message.data)
            if data.get("id") == call_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})
        raise RuntimeError(f"{method}: the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def press(self, key: str, text: str | None = None) -> None:
        """One key as a person types it (a printable key sends its text)."""
        text = key if text is None and len(key) == 1 else text
        down = {"type": "keyDown", "key": key, **({"text": text} if text else {})}
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@asynccontextmanager
async def chromium_page(profile: Path, width: int = 1280, height: int = 800,
                        ) -> AsyncIterator[Page]:
    """A blank page of a fresh headless Chromium, closed afterwards."""
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
         f"--window-size={width},{height}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port = await _debugging_port(profile / "DevToolsActivePort", browser)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            async with session.ws_connect(url, max_msg_size=0) as socket:
                page = Page(socket)
                await page.call("Page.enable")
                yield page
    finally:
        browser.kill()
        browser.wait(timeout=10)


async def _debugging_port(announcement: Path, browser: subprocess.Popen) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if browser.poll() is not None:
            raise RuntimeError(f"Chromium exited at start ({browser.returncode})")
        if announcement.exists() and announcement.read_text().strip():
            return int(announcement.read_text().split()[0])
        await asyncio.sleep(0.1)
    raise RuntimeError("Chromium did not open its debugging port within 30 s")


def saturated_share(path: Path) -> float:
    """The share of a screenshot's (sampled) pixels in strong colour, not greys and dark
    blues: rated cells of the matrix are green and amber, a splash screen is neither."""
    pixels = png_pixels(path)
    strong = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60 and max(r, g) > 90)
    return strong / max(1, len(pixels))


def png_pixels(path: Path, step: int = 7) -> list[tuple[int, int, int]]:
    """(A sample of) a PNG's pixels as RGB, read without an imaging library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6), "an 8-bit RGB or RGBA screenshot"
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        row = _unfilter(line[0], bytearray(line[1:]), previous, channels)
        rows.append(row)
        previous = row
    return [tuple(rows[y][x * channels:x * channels + 3])
            for y in range(0, height, step) for x in range(0, width, step)]


def _unfilter(kind: int, row: bytearray, above: bytearray, bpp: int) -> bytearray:
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = above[i]
        corner = above[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            row[i] = (row[i] + pred) & 0xFF
    return row
