"""The contract policy plus what issue 3 adds: a verified balance lookup against the fake company system."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import BRIGHTWAVE

BALANCE_EXAMPLES = [
    "what is my account balance",
    "how much do I owe you",
    "what's my balance",
    "can you tell me my current balance",
    "how much money is on my account balance",
    "check my balance please",
]

AUTHENTICATION: dict[str, Any] = {
    "identifiers": [
        {
            "name": "account_number",
            "prompt": "What's your eight-digit account number?",
            "pattern": r"\b(?P<value>\d{8})\b",
            "secret": True,
        },
        {
            "name": "postcode",
            "prompt": "And what's the postcode on the account?",
            "pattern": r"(?i)\b(?P<value>[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b",
            "normalize": "compact_upper",
        },
    ],
    "verify": {
        "name": "kba",
        "url": "/verify",
        "method": "POST",
        "needs": ["account_number", "postcode"],
        "body": {"account_number": "{account_number}", "postcode": "{postcode}"},
        "success_field": "verified",
        "capture": {"account_id": "account_id"},
        "timeout_s": 1,
    },
    "max_attempts": 2,
}


def balance_type(**changes: Any) -> dict[str, Any]:
    qt: dict[str, Any] = {
        "name": "balance_enquiry",
        "handling": "ai",
        "queue": "transactional",
        "requires_auth": True,
        "max_failed_attempts": 2,
        "examples": BALANCE_EXAMPLES,
        "action": {
            "name": "balance_lookup",
            "url": "/accounts/{account_id}/balance",
            "needs": ["account_id"],
            "headers_from_env": {"X-Api-Key": "WARMLINE_TEST_COMPANY_KEY"},
            "timeout_s": 0.5,
            "max_attempts": 2,
            "reply": "Your balance is £{balance:.2f}, due on {due_date}.",
        },
    }
    qt.update(changes)
    return qt


def actions_policy(tmp: Path, auth: dict[str, Any] | None = None, **balance: Any) -> Path:
    data = yaml.safe_load(BRIGHTWAVE.read_text())
    data["query_types"].append(balance_type(**balance))
    data["authentication"] = {**AUTHENTICATION, **(auth or {})}
    path = tmp / f"actions-{uuid.uuid4().hex[:6]}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path
