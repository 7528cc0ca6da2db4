"""One headless Chromium page driven over the DevTools protocol, for the
site's browser tests (scripts/browser-test, scripts/search-test).

Debian's python3-websocket (websocket-client) talks to the page;
scripts/install-deps installs it. The tests measure the laid-out page
instead of reading the HTML.
"""
import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websocket  # websocket-client
except ImportError:
    sys.exit("error: Python's websocket-client is missing; install it with: apt-get install -y python3-websocket")


class Browser:
    """One headless Chromium and its page.

    `events` holds the protocol events since the last `open`; `log` every
    console message, uncaught exception and logged error or warning since
    the start, as (kind, text) pairs: kind is the console call's type
    (`log`, `error`, `warning`…), `exception`, or `network`.
    """

    def __init__(self, name):
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if not executable:
            sys.exit("error: chromium not found; install it with: apt-get install -y chromium")
        self.profile = tempfile.mkdtemp(prefix=name + "-")
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.time() + 60
        while port is None and time.time() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                break
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            port = found and found.group(1)
        if not port:
            self.close()
            sys.exit("error: Chromium did not open its DevTools port")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            page = next(target for target in json.load(answer) if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.events = []
        self.log = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def call(self, method, **params):
        """Sends a command and returns its result, keeping events that arrive meanwhile."""
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.note(message)

    def note(self, event):
        """Keeps an event, and what it says in `log`."""
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            self.log.append((params.get("type", "log"), text))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.log.append(("exception", details.get("exception", {}).get("description", details.get("text", "exception"))))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            entry = params["entry"]
            self.log.append(("network", f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip()))
        self.events.append(event)

    def pump(self, seconds):
        """Reads the events that arrive within `seconds`."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.socket.settimeout(max(0.01, deadline - time.time()))
            try:
                self.note(json.loads(self.socket.recv()))
            except websocket.WebSocketTimeoutException:
                break
            finally:
                self.socket.settimeout(60)

    def wait_for_event(self, method, seconds=30):
        """Waits for an event named `method` since the last `open`."""
        deadline = time.time() + seconds
        while not any(event.get("method") == method for event in self.events):
            if time.time() > deadline:
                raise AssertionError(f"timed out waiting for {method}")
            self.pump(0.1)

    def open(self, url):
        """Loads `url` and waits for its load event."""
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path):
        """Saves a screenshot of the viewport as a PNG file."""
        with open(path, "wb") as file:
            file.write(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))

    def close(self):
        try:
            self.process.terminate()
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
