"""One headless Chromium for many pages, driven over the DevTools protocol on a pipe (standard library only).

Chromium is started with --remote-debugging-pipe and spoken to directly (the protocol messages are JSON
separated by NUL bytes on file descriptors 3 and 4), so the set is the same whether or not Playwright is
installed. FOREIGN_BROWSER=playwright uses Playwright's sync API instead (same pages, same Chromium).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--font-render-hinting=full", "--disable-extensions", "--mute-audio", "--no-first-run"]
MEASURE = "(() => { const r = document.getElementById('doc').getBoundingClientRect();" \
          " return [Math.ceil(r.width), Math.ceil(r.height)]; })()"


class PipeBrowser:
    """Chromium over --remote-debugging-pipe: render(html, width, scale) -> PNG bytes of #doc."""

    def __init__(self, chromium: str = CHROMIUM):
        if not os.path.exists(chromium):
            raise FileNotFoundError(f"Chromium not found at {chromium} (set $CHROMIUM)")
        self.profile = tempfile.mkdtemp(prefix="foreign-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def child_fds():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen([chromium, *ARGS, "--remote-debugging-pipe",
                                      f"--user-data-dir={self.profile}", "about:blank"],
                                     pass_fds=(3, 4), preexec_fn=child_fds,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf, self._id = b"", 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.frame = self.call("Page.getFrameTree", session=True)["frameTree"]["frame"]["id"]

    def call(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buf:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def render(self, page: str, width: int, scale: float) -> bytes:
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 200,
                                                         "deviceScaleFactor": scale, "mobile": False}, True)
        self.call("Page.setDocumentContent", {"frameId": self.frame, "html": page}, True)
        self.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => 1)",
                                       "awaitPromise": True}, True)
        w, h = self.call("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True},
                         True)["result"]["value"]
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": w, "height": h,
                                                             "scale": 1}}, True)
        return base64.b64decode(shot["data"])

    def pdf(self, page: str) -> bytes:
        """The page printed to an A4 PDF with its text layer (a web receipt saved as PDF)."""
        self.call("Page.setDocumentContent", {"frameId": self.frame, "html": page}, True)
        self.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => 1)",
                                       "awaitPromise": True}, True)
        data = self.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                             "printBackground": True, "marginTop": 0.4,
                                             "marginLeft": 0.4}, True)["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


class PlaywrightBrowser:
    """The same through Playwright's sync API (FOREIGN_BROWSER=playwright)."""

    def __init__(self, chromium: str = CHROMIUM):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=chromium, headless=True, args=ARGS[1:])
        self._scale, self._page = None, None

    def render(self, page: str, width: int, scale: float) -> bytes:
        if self._scale != scale:
            if self._page:
                self._page.context.close()
            context = self._browser.new_context(viewport={"width": width, "height": 200},
                                                device_scale_factor=scale, locale="ko-KR")
            self._page, self._scale = context.new_page(), scale
        self._page.set_viewport_size({"width": width, "height": 200})
        self._page.set_content(page)
        self._page.evaluate("document.fonts.ready.then(() => 1)")
        return self._page.locator("#doc").screenshot()

    def pdf(self, page: str) -> bytes:
        if self._page is None:
            self._page = self._browser.new_page()
        self._page.set_content(page)
        self._page.evaluate("document.fonts.ready.then(() => 1)")
        return self._page.pdf(format="A4", print_background=True)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def open_browser(chromium: str = CHROMIUM):
    """The pipe, or Playwright when FOREIGN_BROWSER=playwright."""
    if os.environ.get("FOREIGN_BROWSER") == "playwright":
        return PlaywrightBrowser(chromium)
    return PipeBrowser(chromium)
