"""The answers of a plain post the collector could not take now, to fill the form in again.

Without JavaScript the refused post's page replaces the form. Back to it reloads the form
page when the browser did not keep it (no back/forward cache: memory pressure, some
browsers and settings), and the one-line boxes (``autocomplete="off"``, for shared
computers) come back empty. For a refusal that sending the same answers again later
fixes, the collector therefore answers with the form filled in as it was sent
(collector/submit_replies.py). Nothing here stores, counts or logs.
"""

from __future__ import annotations

from werkzeug.exceptions import HTTPException

from .forms import FormRegistry
from .model import Form
from .posted_answers import read_post
from .validation import field_names, repeated_fields

#: Refusals after which the same answers, sent again as they are, can be stored: too many
#: posts from the connection (429), the data folder away or read-only (503), a full disk
#: (500). Not the others: a changed questionnaire (400) cannot take them, a closed one
#: (410) takes none, a post not read whole (400 "unreadable", 413, 415) has no answers to
#: show, and one from a site that may not send (403) would be sent from the collector's
#: own page with one press, past the check that refused it.
SEND_AGAIN_LATER = frozenset({429, 500, 503})

#: Answers per field name, as a form post gives them.
Answers = dict[str, list[str]]


def answers_to_send_again(forms: FormRegistry, slug: str) -> tuple[Form, Answers] | None:
    """The form version the post answers and its answers (the page's own fields left out),
    or None when there is nothing to fill in: no questionnaire ``slug`` taking answers, a
    post that cannot be read whole (it may not have been read yet: a 429 comes first), or
    fields that fit neither its version nor the current one."""
    current = forms.current(slug)
    if current is None or current.closed:
        return None
    try:
        raw = read_post(current)  # read already, or read now under the same limits
    except HTTPException:
        return None
    form = _version_answered(forms, slug, current, raw)
    if form is None:
        return None
    return form, {name: values for name, values in raw.items() if not name.startswith("_")}


def _version_answered(forms: FormRegistry, slug: str, current: Form, raw: Answers) -> Form | None:
    """The version the answers were given on (the page's ``_version``) when the collector
    has it, else the current one, as posted_answers.validated() chooses: the page filled in
    sends that version again. A field that has no place in it would be dropped from the
    page without a word, and a field sent twice that it holds once would show one of its
    values; then None, and the leaver gets the not-sent page and Back."""
    version = (raw.get("_version") or [""])[0]
    posted = forms.version(slug, version)
    if posted is None and version.isalnum():
        # A version this collector cannot read now (its archive is in the data folder, away
        # while it answers 503): filled in as the current one, the answers would be stored
        # as answers to it when sent again. The not-sent page and Back keep the page they
        # were given on. (What is no version at all is read as the current one, as the
        # post itself would be.)
        return None
    posted = posted or current
    for form in (posted, current):
        if set(raw) <= field_names(form):
            return None if repeated_fields(form, raw) else form
    return None
