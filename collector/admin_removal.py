"""Removing an answer, or a whole response, from the HR area: /admin/remove.

The same functions as ``flask --app collector redact | delete-response``
(``removal_asked.fields_for``, ``store_redact.find``, ``remove``), so what a column name
takes, the list of removals, the tombstones, durability and the log line (IDs only) are
the same; the same preview too (``removal_asked.preview``, ``text_fields``). Three steps, all POSTs with the session's
CSRF token (``admin_sign_in._check_post``): the IDs, then a check page showing what goes,
then the removal. The check page's button carries a token that binds it to what that page
showed, so the check cannot be skipped by posting the IDs straight to the removal, and a
response that changed meanwhile is shown again rather than removed unseen. The answer's
words are only ever in the check page's body (``Cache-Control: no-store``, like every HR
page): never in an address, the session or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, redirect, request, session, url_for
from markupsafe import escape

from . import auth, removal_asked, store_redact
from .admin import bp, code, login_required, render
from .admin_text import ADMIN_TEXT, admin_text
from .model import OTHER_SUFFIX, TYPED_SUFFIX
from .state import collector_state
from .store import StoreError
from .store_redact import Found

log = logging.getLogger(__name__)

#: Session key: what the last removal did (IDs only), shown once after the redirect.
DONE = "removal_done"
#: A column name of an export: a question ID, ``<question>__other``, ``<question>.<code>``.
_COLUMN = re.compile(r"[a-z0-9_.-]{1,100}")
FIELDS = ("response_id", "question_id")


@dataclass(frozen=True)
class Asked:
    """A removal HR asked for that can be done: ``fields`` None deletes the response."""

    found: Found
    question: str
    fields: frozenset[str] | None

    @property
    def doc_id(self) -> str:
        return str(self.found.document["id"])


class Refused(Exception):
    """Why the IDs cannot be removed: {field: message}; ``nothing`` when what was asked
    is gone already (a second click, another tab), which is not HR's mistake."""

    def __init__(self, errors: dict[str, str], nothing: bool = False) -> None:
        super().__init__(errors)
        self.errors = errors
        self.nothing = nothing


@bp.get("/remove")
@login_required
def remove() -> Response:
    """The form; once, after a removal, what it did."""
    done = session.pop(DONE, None)
    if isinstance(done, dict):
        return _done_page(done)
    return _form_page({})


@bp.post("/remove")
@login_required
def remove_post() -> Response:
    """One step: ``check`` shows what goes, ``remove`` (with the check page's token)
    removes it, ``change`` goes back to the form with the IDs."""
    typed = {name: request.form.get(name, "") for name in FIELDS}
    step = request.form.get("step", "check")
    if step == "change":
        return _form_page(typed)
    try:
        asked = _asked(typed)
    except Refused as refused:
        if refused.nothing and step == "remove":
            return _done_page({"kind": "nothing"})
        return _form_page(typed, refused.errors, 422)
    except StoreError as exc:
        return _store_problem(exc)
    given = request.form.get("confirm", "")
    if step == "remove" and hmac.compare_digest(given.encode(), _confirm_token(asked).encode()):
        return _do(asked)
    # No token: the IDs were posted straight here; another one: the response changed.
    return _check_page(asked, changed=step == "remove" and bool(given))


def _asked(typed: dict[str, str]) -> Asked:
    """What ``typed`` asks to remove; ``Refused`` with a message per field if it cannot."""
    t = admin_text()
    errors: dict[str, str] = {}
    doc_id = ""
    if not typed["response_id"].strip():
        errors["response_id"] = t["no_response_id"]
    else:
        try:
            doc_id = removal_asked.check_response_id(typed["response_id"])
        except ValueError:
            errors["response_id"] = t["bad_response_id"]
    question = removal_asked.clean_column(typed["question_id"])
    if question and not _COLUMN.fullmatch(question):
        errors["question_id"] = t["bad_question_id"]
    if errors:
        raise Refused(errors)
    found = store_redact.find(collector_state().store, doc_id)
    if found is None:
        if store_redact.removed_before(collector_state().store, doc_id) is None:
            raise Refused({"response_id": t["unknown_response_id"]})
        raise Refused({"response_id": t["deleted_before"]}, nothing=True)
    if not question:
        return Asked(found, "", None)
    try:
        fields = removal_asked.fields_for(found, question, collector_state().forms)
        return Asked(found, question, fields)
    except removal_asked.NotTyped:
        base = question.removesuffix(TYPED_SUFFIX)
        message = t["not_typed"].format(column=question, question=base)
        raise Refused({"question_id": message}) from None
    except removal_asked.AlreadyRemoved:
        raise Refused(
            {"question_id": t["removed_already"].format(question=question)}, nothing=True
        ) from None
    except ValueError:
        raise Refused({"question_id": _not_answered(found, question)}) from None


def _not_answered(found: Found, question: str) -> str:
    """Why ``fields_for`` refused ``question``, in the HR area's language: one choice's
    column, or a question this response did not answer (with those it did)."""
    t = admin_text()
    base, dot, _ = question.partition(".")
    if dot and base in found.answers:
        return t["choice_column"].format(column=question, question=base)
    given = sorted(
        removal_asked.shown(k) for k, v in found.answers.items() if v not in (None, "", [])
    )
    if not given:
        return t["nothing_answered"].format(question=question)
    return t["not_answered"].format(question=question, given=", ".join(given))


def _confirm_token(asked: Asked) -> str:
    """Binds the check page's button to this session and to what the page showed."""
    fields = "*" if asked.fields is None else ",".join(sorted(asked.fields))
    what = "\0".join((asked.doc_id, asked.question, fields, asked.found.slug, asked.found.month))
    key = f"{current_app.secret_key}\0removal".encode()
    message = f"{auth.csrf_token()}\0{what}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _form_page(
    typed: dict[str, str], errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    """The two fields, with what was typed and a message at each field that is wrong."""
    t = admin_text()
    return render(
        "remove.html",
        status,
        typed={name: typed.get(name, "") for name in FIELDS},
        errors=errors or {},
        response_hint=escape(t["response_id_hint"]).format(
            column=code("response_id"), example=code("3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d")
        ),
        question_hint=escape(t["question_id_hint"]).format(
            closing=code("closing"),
            other=code("reasons" + OTHER_SUFFIX),
            typed=code("<question>" + TYPED_SUFFIX),
        ),
        action=url_for("admin.remove_post"),
    )


def _check_page(asked: Asked, changed: bool = False) -> Response:
    """What would go, the first characters of each written answer, and the button."""
    found = asked.found
    if asked.fields is None:
        names = sorted(removal_asked.text_fields(found, collector_state().forms))
    else:
        names = sorted(asked.fields)
    language = found.document.get("language")
    return render(
        "remove_check.html",
        asked=asked,
        found=found,
        deleting=asked.fields is None,
        answer_count=len(found.answers),
        previews=[
            (removal_asked.shown(name), removal_asked.preview(found.answers[name]))
            for name in names
        ],
        # A hand edit may have left a list there: no text, so no language of the page.
        answer_lang=language if type(language) is str and language in ADMIN_TEXT else "",
        characters=removal_asked.PREVIEW_CHARACTERS,
        confirm=_confirm_token(asked),
        changed=changed,
        action=url_for("admin.remove_post"),
    )


def _do(asked: Asked) -> Response:
    """Remove it, then show what was done on a page of its own (post/redirect/get)."""
    try:
        changed = store_redact.remove(collector_state().store, asked.found, asked.fields)
    except StoreError as exc:
        return _store_problem(exc)
    done: dict[str, Any] = {"kind": "nothing"}
    if changed:
        done = {
            "kind": "deleted" if asked.fields is None else "blanked",
            "id": asked.doc_id,
            "slug": asked.found.slug,
            "month": asked.found.month,
            "fields": sorted(asked.fields or ()),
        }
    session[DONE] = done  # IDs only: the session is a cookie in HR's browser
    return redirect(url_for("admin.remove"), 303)


def _done_page(done: dict[str, Any]) -> Response:
    """What a removal did (``done``: IDs only, see ``_do``)."""
    return render("remove_done.html", done=done, remove_url=url_for("admin.remove"))


def _store_problem(exc: StoreError) -> Response:
    """The store could not be read or rewritten; the log says where (never the words)."""
    log.error("admin: a removal failed: %s", exc)
    t = admin_text()
    return render("message.html", 500, title=t["not_removed"], detail=t["not_removed_text"])
