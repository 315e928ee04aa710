"""One fail-fast settings object read by the worker and the API (DESIGN.md "Configuration")."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore", env_ignore_empty=True)

    temporal_address: str = "localhost:7233"
    namespace: str = "default"
    task_queue: str = "warmline"
    policy: Path = ROOT / "policies" / "demo.yaml"
    helpdesk: Literal["desk", "webhook"] = "desk"
    helpdesk_url: str | None = None
    helpdesk_secret: str | None = None
    helpdesk_timeout_s: float = Field(default=5.0, gt=0, le=60)
    data_dir: Path = ROOT / "data"
    database_url: str | None = None
    api_keys: str = ""
    operator_keys: str = ""
    understanding: Literal["embedded"] = "embedded"
    # How long a dead worker's sticky queue holds a call's next task before another worker takes it.
    sticky_timeout_s: float = Field(default=1.0, gt=0, le=60)
    log_level: str = "INFO"
    log_json: bool = True

    @field_validator("helpdesk_url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("WARMLINE_HELPDESK_URL must be an http(s) URL")
        return v

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    @property
    def operator_key_list(self) -> list[str]:
        return [k.strip() for k in self.operator_keys.split(",") if k.strip()]

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'warmline.db'}"

    def check(self) -> Settings:
        """Refuse combinations that cannot work, naming the variable."""
        if self.helpdesk == "webhook" and not self.helpdesk_url:
            raise ValueError("WARMLINE_HELPDESK=webhook needs WARMLINE_HELPDESK_URL")
        if self.helpdesk == "webhook" and not self.helpdesk_secret:
            raise ValueError("WARMLINE_HELPDESK=webhook needs WARMLINE_HELPDESK_SECRET (the HMAC signing secret)")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings().check()
