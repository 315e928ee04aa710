"""The column kinds the store's tables repeat, shared by `tables.py` and the migrations that built them.

Migrations call these too, so a helper's meaning is part of the schema's history: change what one
builds only with a new migration, and add a new helper rather than reshape an old one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, String


def key(name: str, length: int) -> Column[str]:
    """A string primary key: every table is keyed by an id the workflows made."""
    return Column(name, String(length), primary_key=True)


def instant(name: str, *, required: bool = True, index: bool = False) -> Column[datetime]:
    """An aware instant (`tables.utc` reads it back as UTC)."""
    return Column(name, DateTime(timezone=True), nullable=not required, index=index)


def document(name: str) -> Column[object]:
    """A whole pydantic model as JSON: what reviews, what-if and the desk read back."""
    return Column(name, JSON, nullable=False)
