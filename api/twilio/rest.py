"""Twilio's REST API for the line, through the `twilio` library, at `WARMLINE_TWILIO_API_BASE`.

The library builds every URL on `https://api.twilio.com`; its documented seam for
changing how requests are sent is a custom `HttpClient`. Ours is asynchronous
(httpx, so a desk accept does not block the API's event loop) and sends each
request to the configured base instead, keeping the path and query: production
talks to Twilio, a test to its fake Twilio.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from twilio.http import AsyncHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from warmline.settings import Settings

REST_TIMEOUT_S = 10.0


class BasedHttpClient(AsyncHttpClient):
    """An async `HttpClient` that sends the library's requests to `base` (scheme, host and path prefix)."""

    def __init__(self, base: str, timeout: float = REST_TIMEOUT_S) -> None:
        super().__init__(logger=logging.getLogger("warmline.twilio.rest"), is_async=True, timeout=timeout)
        self._base = urlsplit(base.rstrip("/"))

    def _url(self, uri: str) -> str:
        parts = urlsplit(uri)
        return urlunsplit((self._base.scheme, self._base.netloc, self._base.path + parts.path, parts.query, ""))

    async def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the library's signature
        allow_redirects: bool = False,
    ) -> Response:
        form: Any = data  # the library's form and query values are strings, as httpx wants them
        query: Any = params
        async with httpx.AsyncClient(timeout=timeout or self.timeout, follow_redirects=allow_redirects) as http:
            r = await http.request(method, self._url(uri), params=query, data=form, headers=headers, auth=auth)
        return Response(r.status_code, r.text, r.headers)


def rest_client(settings: Settings) -> Client:
    """The account's REST client (account SID and auth token), sending to `WARMLINE_TWILIO_API_BASE`."""
    sid, token = settings.twilio_account_sid, settings.twilio_auth_token
    assert sid and token, "rest_client needs WARMLINE_TWILIO_ACCOUNT_SID and WARMLINE_TWILIO_AUTH_TOKEN"
    return Client(sid, token, http_client=BasedHttpClient(settings.twilio_api_base), environment={})
