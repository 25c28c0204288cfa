"""What the collector answers a post with: on to the thank-you page, the form sent back for
correction (or, without JavaScript, to be sent again later as it is), or the page that says
the answers were not sent.

Each reply comes as a page for a browser without JavaScript and as JSON for the page's
script (``wants_json``). collector/submit.py decides which one; nothing here stores.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, redirect, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from . import csp
from .english_words import not_sent_message
from .error_pages import error_page, questionnaire_error_page, wants_json
from .kept_answers import SEND_AGAIN_LATER, answers_to_send_again
from .model import Form
from .page_policy import rendered_page
from .state import collector_state
from .submission_record import SUBMISSION_ID
from .ui_text import not_sent_text, page_text


def site_root() -> str:
    """The folder the pages live in, with its closing slash."""
    return (current_app.config["SITE_URL"] or request.script_root) + "/"


def thank_you_url(form: Form) -> str:
    """Where a leaver whose answers are stored goes: the thank-you page of the site the
    pages live on, or this collector's own copy when that site cannot be told."""
    site = current_app.config["SITE_URL"]
    if site and _posted_from_an_unknown_site(site):
        site = ""
    return f"{site or request.script_root}/{form.slug}/thanks.html"


def _posted_from_an_unknown_site(site: str) -> bool:
    """True when the post may come from a page on another listed site than ``site``.

    A page's policy lets its form send only to its own site and the collector, redirects
    included: a leaver without JavaScript on a second site in COLLECTOR_ALLOWED_ORIGINS,
    sent on to the first one's thank-you page, saw nothing happen after pressing Send
    (their answers stored all the same). A post without the script says ``Origin: null``
    (our pages send no referrer), so the page's site is known only when one site hosts
    them; otherwise the collector's copy of the page, which every form may send to.
    """
    home = csp.origin_of(site).lower()
    origin = (request.headers.get("Origin") or "null").lower()
    if origin != "null":
        return origin != home
    others = set(collector_state().allowed_origins) - {home}
    return bool(others)


def success(form: Form) -> Response:
    """Stored (or a bot's post, made to look stored): on to the thank-you page."""
    url = thank_you_url(form)
    if wants_json():
        return jsonify(ok=True, redirect=url)
    return redirect(url, 303)


def sent_back(
    form: Form, raw: dict[str, list[str]], errors: dict[str, str]
) -> Response | tuple[Response, int]:
    """Answers to correct: a 422 with a message per field, the page filled in as sent."""
    if wants_json():
        items = [
            {"field": name, "target": name, "message": message} for name, message in errors.items()
        ]
        return jsonify(ok=False, errors=items), 422
    state = collector_state()
    answers = {k: v for k, v in raw.items() if not k.startswith("_")}
    # A well-formed submission ID goes back to the script's own send (the page stays, its
    # form replaced), so that the corrected send is one with the first, and a tab
    # duplicated after the 422 can ask for it (enhance.js). Not to a page the browser
    # navigated to (a plain post): that page is the collector's, on another site than the
    # form's tab storage, which the thank-you page marks; Back to the form would keep the
    # ID, and the next person's answers were taken for a resend of it.
    posted = (raw.get("_submission") or [""])[0]
    if SUBMISSION_ID.match(posted) and request.headers.get("Sec-Fetch-Mode") != "navigate":
        answers["_submission"] = [posted]
    html = state.renderer.form_page(
        form,
        root=site_root(),
        action=f"{request.script_root}/submit/{form.slug}",
        answers=answers,
        errors=errors,
    )
    return rendered_page(html, 422)


def not_sent(error: HTTPException) -> Response | HTTPException:
    """Answers refused as a whole (too large, too many tries, a changed or closed form): a
    page in the form's language that says why and how to get back to the answers, never a
    bare error."""
    state = collector_state()
    slug = (request.view_args or {}).get("slug", "")
    form = state.forms.latest(slug) if slug else None
    status = error.code or 500
    if status < 400:
        return error
    # The page's script (fetch: Sec-Fetch-Mode "cors" or "same-origin") shows the message
    # above the form, answers and all; without it, this page replaces the form.
    script = request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate"
    if form is None:  # a questionnaire that never was: the collector's own error answer
        return questionnaire_error_page(error, None, script=script) if slug else error_page(error)
    reason = getattr(error, "reason", "")
    wait = _retry_after(error)
    reply = None
    if wants_json():
        reply = jsonify(ok=False, error=not_sent_text(page_text(form), status, reason, wait))
        reply.status_code = status
    elif not script and status in SEND_AGAIN_LATER and _refused_on_purpose(error):
        reply = _kept_for_later(slug, status, wait)
    if reply is None:
        page = state.renderer.not_sent_page(
            form, root=site_root(), status=status, reason=reason, script=script, wait=wait
        )
        reply = rendered_page(page, status)
    return _when_to_try_again(reply, error)


def _retry_after(error: HTTPException) -> int:
    """The seconds ``error`` says to wait (a 429's until the connection may post again), 0
    for none: the words say it too when it is longer than a few minutes."""
    seconds = getattr(error, "retry_after", None)
    return seconds if isinstance(seconds, int) else 0


def _when_to_try_again(reply: Response, error: HTTPException) -> Response:
    """``reply`` with the refusal's ``Retry-After`` (a 429: the seconds until the connection
    may post again; a 503: a guess), which werkzeug puts on its own error page only. The
    page or JSON replaces that page, and a client that retries by itself should still
    know how long to wait."""
    seconds = getattr(error, "retry_after", None)
    if seconds:
        reply.headers["Retry-After"] = str(seconds)
    return reply


def _refused_on_purpose(error: HTTPException) -> bool:
    """A refusal submit.py made (``abort``), not a server error from a mistake in the code:
    that one gets the not-sent page as before, rendering nothing more on a path gone wrong."""
    return getattr(error, "original_exception", None) is None


def _kept_for_later(slug: str, status: int, wait: int) -> Response | None:
    """A plain post the collector cannot take now: the form filled in as it was sent, with
    why it was not sent at the top, under the same status. Not the not-sent page, whose
    Back reloaded the form with its one-line boxes empty where the browser had not kept
    the page. Nothing stored or counted: the refusal is the status. None when there are
    no answers to fill in, or the theme's own form.html does not show ``not_sent`` (one
    from before it had it): then the not-sent page, as before."""
    state = collector_state()
    found = answers_to_send_again(state.forms, slug)
    if found is None:
        return None
    form, answers = found
    message = not_sent_message(form, status, wait=wait)
    html = state.renderer.form_page(
        form,
        root=site_root(),
        action=f"{request.script_root}/submit/{form.slug}",
        answers=answers,  # without the page's submission ID, as sent_back() for a plain post
        not_sent=message,
    )
    if str(escape(message)) not in html:
        return None
    return rendered_page(html, status)


def let_listed_sites_read_the_answer(response: Response) -> Response:
    """Pages hosted on another site send with ``fetch``; the browser lets their script see
    the collector's answer (the redirect, the error page) only when it names that site.
    Only the sites in ``ALLOWED_ORIGINS``, and no cookies: submissions carry none."""
    origin = request.headers.get("Origin")
    if origin and origin in collector_state().allowed_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
    response.vary.add("Origin")
    # A form sent back for correction holds the leaver's answers: no cache (the browser's,
    # on a shared computer, or a proxy's) may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response
