"""make_helpdesk: the adapter WARMLINE_HELPDESK names, built from the settings."""

from __future__ import annotations

import pytest

from activities.helpdesk.factory import make_helpdesk
from activities.helpdesk.webhook import WebhookHelpdesk
from warmline.settings import Settings


def test_webhook_from_settings() -> None:
    s = Settings(helpdesk="webhook", helpdesk_url="https://desk.example/h", helpdesk_secret="k", helpdesk_timeout_s=2)
    hd = make_helpdesk(s)
    assert isinstance(hd, WebhookHelpdesk)
    assert (hd.name, hd.url, hd.secret, hd.timeout_s) == ("webhook", "https://desk.example/h", "k", 2.0)


@pytest.mark.parametrize(
    ("kw", "names"),
    [({"helpdesk_secret": "k"}, "WARMLINE_HELPDESK_URL"), ({"helpdesk_url": "http://x"}, "WARMLINE_HELPDESK_SECRET")],
)
def test_webhook_without_url_or_secret_names_the_variable(kw: dict[str, str], names: str) -> None:
    with pytest.raises(ValueError, match=names):
        make_helpdesk(Settings(helpdesk="webhook", **kw))  # type: ignore[arg-type]


def test_desk_uses_the_database_url() -> None:
    hd = make_helpdesk(Settings(helpdesk="desk", database_url="sqlite+aiosqlite:///tmp/x.db"))
    assert hd.name == "desk"
    assert getattr(hd, "database_url", None) == "sqlite+aiosqlite:///tmp/x.db"
