"""One fail-fast settings object read by the worker and the API (contract "Configuration")."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from warmline.fitting_models import Costs
from warmline.keys import parse_keys

# The settings that must be http(s) URLs, and what a wrong one is told.
HTTP_URLS = {
    "helpdesk_url": "WARMLINE_HELPDESK_URL must be an http(s) URL",
    "asr_url": "must be an http(s) URL",
    "actions_base_url": "must be an http(s) URL",
    "otlp_endpoint": "WARMLINE_OTLP_ENDPOINT must be an http(s) URL (OTLP over HTTP, e.g. http://otel:4318)",
    "twilio_api_base": "WARMLINE_TWILIO_API_BASE must be an http(s) URL (Twilio's is https://api.twilio.com)",
}

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore", env_ignore_empty=True)

    temporal_address: str = "localhost:7233"
    namespace: str = "default"
    task_queue: str = "warmline"
    policy: Path = ROOT / "policies" / "demo.yaml"
    helpdesk: Literal["desk", "webhook", "zendesk"] = "desk"
    helpdesk_url: str | None = None
    helpdesk_secret: str | None = None
    helpdesk_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # Agent desk: "agent-7:token:skill1+skill2,..." (per-agent tokens), and the queue workflows' id prefix.
    agent_tokens: str = ""
    queue_id_prefix: str = "queue-"
    # Zendesk helpdesk: https://<subdomain>.zendesk.com, API user and token, custom field ids.
    zendesk_url: str | None = None
    zendesk_email: str | None = None
    zendesk_token: str | None = None
    zendesk_field_intent: int | None = None
    zendesk_field_reason: int | None = None
    zendesk_field_auth: int | None = None
    # Zendesk's wrap-up: the signing secret of the webhook Zendesk sends on ticket solve, and the custom field
    # (its id) where agents pick the disposition code (docs/metrics.md).
    zendesk_webhook_secret: SecretStr = SecretStr("")
    zendesk_field_disposition: int | None = None
    data_dir: Path = ROOT / "data"
    database_url: str | None = None
    api_keys: str = ""
    operator_keys: str = ""
    # Helpdesk integrations that report agent events and dispositions; while unset the API keys serve.
    helpdesk_keys: str = ""
    # Comma-separated base64 AES-256 keys: the first encrypts every Temporal payload, all decrypt.
    encryption_keys: SecretStr = SecretStr("")  # secret: never in a repr, a log line or an error message
    # Origins allowed to call the codec server from a browser (the Temporal Web UI).
    codec_cors_origins: str = "http://localhost:8233,http://127.0.0.1:8233"
    # Twilio gateway: the public address Twilio was given (signatures are checked against it),
    # the auth token that signs Twilio's requests, and ConversationRelay or speech Gather.
    public_url: str | None = None
    twilio_auth_token: str | None = None
    twilio_mode: Literal["relay", "gather"] = "relay"
    # The desk as the line's ACD: accepting an offer rings the agent's own endpoint through Twilio's REST API,
    # as this account (with the auth token above), at this base (a test points it at a fake Twilio).
    twilio_account_sid: str | None = Field(default=None, pattern=r"^AC[0-9A-Za-z]{32}$")
    twilio_api_base: str = "https://api.twilio.com"
    understanding: Literal["embedded", "lexical", "minilm", "llm"] = "embedded"
    # The embedded back-end's sentence encoder adapted to the policy's examples (`python -m
    # activities.understanding.adapt`); unset: the base all-MiniLM-L6-v2 from the wheel.
    encoder_dir: Path | None = None
    # How many of the encoder's six layers a turn runs (the first k; bench/README.md, "Fewer of MiniLM's layers"):
    # fewer is less CPU per turn. 3 or 4 need their map to six layers' vectors (`activities/understanding/maps/`,
    # `python -m activities.understanding.layer_map`); refused at start without it.
    encoder_layers: int = 6
    # Which base encoder: MiniLM's six layers ("base") or three layers trained to read like six ("distilled3",
    # `activities/understanding/distilled3/`, `python -m activities.understanding.distil`; bench/README.md, "A
    # three-layer student distilled from six"): less CPU per turn. Refused at start without its files.
    encoder: Literal["base", "distilled3"] = "base"
    # LLM understanding: an OpenAI-compatible chat-completions endpoint (base URL, e.g. http://localhost:11434/v1).
    llm_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=4.0, gt=0, le=9)
    # Speech recognition for audio turns: an OpenAI-compatible /v1/audio/transcriptions endpoint (base URL).
    asr_url: str | None = None
    asr_model: str = "whisper-1"
    asr_api_key: SecretStr = SecretStr("")
    asr_timeout_s: float = Field(default=5.0, gt=0, le=20)
    # Where the API keeps base64 audio for the worker's `transcribe` activity (a volume both can read).
    audio_dir: Path | None = None
    # Hosts a gateway's audio URL may point at (comma-separated; a leading dot allows subdomains). Empty: any
    # host. Set it in production: the worker fetches the URL, so an open list lets a caller's gateway key make
    # the worker request internal addresses.
    audio_url_hosts: str = ""
    # Actions: relative `action.url`s in the policy are resolved against this (the company's system).
    actions_base_url: str | None = None
    # How long a dead worker's sticky queue holds a call's next task before another worker takes it.
    sticky_timeout_s: float = Field(default=1.0, gt=0, le=60)
    # Weekly disposition review: a cron for the Temporal Schedule ("off" disables it), running for the
    # first `review_days` days of the line (0: forever) — the weeks when the AI's policy changes most.
    review_schedule: str = "0 6 * * 1"
    review_days: int = Field(default=90, ge=0)
    # The cost the review's threshold fit lowers (docs/review.md): an escalation agents coded unneeded costs
    # `review_cost_unneeded`, a caller kept with the AI who needed a person `review_cost_missed`.
    review_cost_unneeded: float = Field(default=1.0, gt=0, le=1000)
    review_cost_missed: float = Field(default=2.0, gt=0, le=1000)
    # Observability (docs/observability.md). The worker serves the Temporal SDK's own metrics for Prometheus
    # at host:port (unset: off); an OTLP/HTTP endpoint receives traces from the API and the worker (unset: none).
    worker_metrics_address: str | None = None
    otlp_endpoint: str | None = None
    log_level: str = "INFO"
    log_json: bool = True

    @field_validator(*HTTP_URLS)
    @classmethod
    def _http_url(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError(HTTP_URLS[info.field_name or ""])
        return v

    @field_validator("worker_metrics_address")
    @classmethod
    def _host_port(cls, v: str | None) -> str | None:
        if v is None:
            return v
        host, sep, port = v.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"WARMLINE_WORKER_METRICS_ADDRESS must be host:port (e.g. 0.0.0.0:9464), not {v!r}")
        return v

    @field_validator("encoder_dir")
    @classmethod
    def _encoder_dir(cls, v: Path | None) -> Path | None:
        if v is not None:
            missing = [n for n in ("model.safetensors", "tokenizer.json") if not (v / n).is_file()]
            if not v.is_dir() or missing:
                what = "is not a directory" if not v.is_dir() else f"has no {' or '.join(missing)}"
                raise ValueError(f"{v} {what} (write one with python -m activities.understanding.adapt)")
        return v

    @field_validator("encoder_layers")
    @classmethod
    def _encoder_layers(cls, v: int) -> int:
        if v not in (3, 4, 6):  # the layers a graph ships for (onnx_encoder.LAYER_CHOICES)
            raise ValueError(f"WARMLINE_ENCODER_LAYERS must be 3, 4 or 6, not {v}")
        return v

    @field_validator("encoder")
    @classmethod
    def _encoder(cls, v: str, info: ValidationInfo) -> str:
        # The student's files are checked where the encoder is built, at the worker's start (the core reads no
        # understanding module): a missing file stops the worker naming WARMLINE_ENCODER and the command.
        if v == "distilled3" and info.data.get("encoder_layers", 6) != 6:
            raise ValueError(
                "WARMLINE_ENCODER=distilled3 runs its own three layers: leave WARMLINE_ENCODER_LAYERS at 6"
            )
        return v

    @field_validator("agent_tokens")
    @classmethod
    def _agent_tokens(cls, v: str) -> str:
        from warmline.agent_tokens import parse_tokens

        parse_tokens(v)
        return v

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    @property
    def operator_key_list(self) -> list[str]:
        return [k.strip() for k in self.operator_keys.split(",") if k.strip()]

    @property
    def helpdesk_key_list(self) -> list[str]:
        return [k.strip() for k in self.helpdesk_keys.split(",") if k.strip()]

    def audio_host_allowed(self, url: str) -> bool:
        """Whether the worker may fetch audio from `url` (see `audio_url_hosts`)."""
        allowed = [h.strip().lower() for h in self.audio_url_hosts.split(",") if h.strip()]
        host = (urlsplit(url).hostname or "").lower()
        return not allowed or any(host == h or (h.startswith(".") and host.endswith(h)) for h in allowed)

    @property
    def review_costs(self) -> Costs:
        return Costs(unneeded=self.review_cost_unneeded, missed=self.review_cost_missed)

    @property
    def audio_path(self) -> Path:
        return self.audio_dir or self.data_dir / "audio"

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'warmline.db'}"

    def check(self) -> Settings:
        """Refuse combinations that cannot work, naming the variable."""
        parse_keys(self.encryption_keys.get_secret_value())  # names a bad key by position, never shows it
        if self.helpdesk == "webhook" and not self.helpdesk_url:
            raise ValueError("WARMLINE_HELPDESK=webhook needs WARMLINE_HELPDESK_URL")
        if self.helpdesk == "webhook" and not self.helpdesk_secret:
            raise ValueError("WARMLINE_HELPDESK=webhook needs WARMLINE_HELPDESK_SECRET (the HMAC signing secret)")
        if self.zendesk_webhook_secret.get_secret_value() and self.zendesk_field_disposition is None:
            raise ValueError(
                "WARMLINE_ZENDESK_WEBHOOK_SECRET needs WARMLINE_ZENDESK_FIELD_DISPOSITION "
                "(the id of the ticket field holding the disposition code)"
            )
        if self.twilio_auth_token and self.helpdesk == "desk" and not self.twilio_account_sid:
            from warmline.agent_tokens import has_endpoints

            if has_endpoints(self.agent_tokens):
                raise ValueError(
                    "WARMLINE_AGENT_TOKENS gives agents endpoints to ring, which needs WARMLINE_TWILIO_ACCOUNT_SID "
                    "(the Twilio account the line calls them from)"
                )
        return self

    @property
    def rings_agents(self) -> str | None:
        """The Twilio account that rings agents' endpoints on accept; None while the desk does not (no
        Twilio gateway, another helpdesk, or no account SID)."""
        on = self.twilio_auth_token and self.helpdesk == "desk"
        return self.twilio_account_sid if on else None


@lru_cache
def get_settings() -> Settings:
    return Settings().check()
