"""A small client of a running ShopDesk's API for the CI scripts: calls with a bearer token (and an
Idempotency-Key when given), and a wait until /healthz answers."""

import json
import time
import urllib.error
import urllib.request


class ShopDeskAPI:
    def __init__(self, port, token):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token

    def call(self, method, path, body=None, key=None):
        """(status, JSON body) of one request; HTTP errors are answers too."""
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def wait_until_up(self, seconds=10):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.1)
        raise SystemExit(f"ShopDesk did not answer on {self.base} within {seconds} s")
