"""The desk's pages: sign-in, sign-out and `/desk` itself. Every asset is served from
`api/desk/static` (no CDN), so the desk works on a locked-down contact-centre network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.deps import State
from api.desk.auth import COOKIE, agent_for_request, find_agent
from warmline.agent_tokens import parse_tokens

STATIC = Path(__file__).parent / "static"
router = APIRouter(tags=["agent desk"], include_in_schema=False)
static = StaticFiles(directory=STATIC)
COOKIE_MAX_AGE_S = 12 * 3600  # one shift


@router.get("/desk", response_model=None)
async def desk(request: Request, state: State) -> Response:
    """The desk for a signed-in agent; anyone else is sent to sign in."""
    if agent_for_request(request, state, None) is None:
        return RedirectResponse("/desk/login", status_code=303)
    return FileResponse(STATIC / "desk.html", headers={"Cache-Control": "no-store"})


@router.get("/desk/login")
async def login_page(error: str | None = None) -> HTMLResponse:
    html = (STATIC / "login.html").read_text()
    message = '<p class="error" role="alert">That token is not valid.</p>' if error else ""
    return HTMLResponse(html.replace("<!--error-->", message))


@router.post("/desk/login")
async def login(request: Request, state: State) -> RedirectResponse:
    form = parse_qs((await request.body()).decode(errors="replace"))
    token = (form.get("token") or [""])[0].strip()
    if find_agent(parse_tokens(state.settings.agent_tokens), token) is None:
        return RedirectResponse("/desk/login?error=1", status_code=303)
    response = RedirectResponse("/desk", status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE, token, max_age=COOKIE_MAX_AGE_S, httponly=True, samesite="strict", secure=secure, path="/desk"
    )
    return response


@router.post("/desk/logout")
async def logout() -> RedirectResponse:
    response = RedirectResponse("/desk/login", status_code=303)
    response.delete_cookie(COOKIE, path="/desk")
    return response
