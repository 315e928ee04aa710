"""The recogniser's and the LLM's base URLs: with or without `/v1`, or the endpoint's full URL."""

from __future__ import annotations

import pytest

from activities.openai_url import endpoint_url


@pytest.mark.parametrize("endpoint", ["audio/transcriptions", "chat/completions"])
@pytest.mark.parametrize("base", ["http://h:1", "http://h:1/v1/", "http://h:1/v1/{endpoint}"])
def test_endpoint_url_accepts_a_base_or_the_full_url(endpoint: str, base: str) -> None:
    assert endpoint_url(base.format(endpoint=endpoint), endpoint) == f"http://h:1/v1/{endpoint}"
