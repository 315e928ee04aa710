"""The operators' `/dashboard`: metrics with charts, staffing and the weekly reviews, all served from here.

The page and its assets carry no data and need no key; the page's script calls
the `/v1` operator endpoints with the operator key the user types (kept in
sessionStorage for the tab only). No CDN: the charts are small inline SVGs drawn
by `dashboard.js`, so the page works on a locked-down contact-centre network.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
ASSETS = {"dashboard.js": "text/javascript", "dashboard.css": "text/css"}
router = APIRouter(tags=["dashboard"], include_in_schema=False)


@router.get("/dashboard")
async def dashboard() -> FileResponse:
    return FileResponse(STATIC / "dashboard.html", headers={"Cache-Control": "no-store"})


@router.get("/dashboard/assets/{name}")
async def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, "no such asset")
    return FileResponse(STATIC / name, media_type=ASSETS[name])
