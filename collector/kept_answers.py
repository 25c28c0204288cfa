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

from .data_folder import UNWRITABLE
from .forms import FormRegistry
from .model import CHOICE_TYPES, Form
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
    sends that version again. A page of a build this collector never kept is filled in as
    the current version, as a 422 sends it back, and its answers would be filed under that
    version anyway. A field that has no place in it would be dropped from the page without
    a word, and a field sent twice that it holds once would show one of its values; then
    None, and the leaver gets the not-sent page and Back."""
    version = (raw.get("_version") or [""])[0]
    posted = forms.version(slug, version)
    if posted is None and version.isalnum() and not _never_kept(forms, slug, version):
        # A version the archive cannot be read for (the data folder away, its contents no
        # longer the collector's user's to read) may be one it kept. Filled in as the
        # current one, answers to a kept version would be stored as answers to the current
        # one when sent again (a scale reordered under the same codes would count them on
        # the wrong scale). The not-sent page and Back keep the page they were given on.
        # (What is no version at all is read as the current one, as the post itself is.)
        return None
    for form in (posted or current, current):
        if set(raw) <= field_names(form):
            if repeated_fields(form, raw):
                return None
            return form if form is posted or _shows_every_choice(form, raw) else None
    return None


def _never_kept(forms: FormRegistry, slug: str, version: str) -> bool:
    """True only when the archive of versions can tell that ``version`` of ``slug`` was
    never kept: the data folder is there and the version has no file in it. A folder that
    cannot be written (read-only, a 503 too) and a full disk (500) still read. Not one
    away (moved, replaced, its disk unmounted): its archive is away with it. Nor a file
    there that could not be read, nor a folder the collector's user may no longer look
    into (its contents chowned to root by a restore: a 503 as for a read-only folder):
    the page's version may be one the collector kept."""
    problem = forms.data_away()
    if problem is not None and not problem.startswith(UNWRITABLE):
        return False
    try:
        (forms.archive_dir / slug / f"{version}.json").stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False  # there, but forms.version() could not read it


def _shows_every_choice(form: Form, raw: Answers) -> bool:
    """Whether ``form``'s page can tick every choice posted from a page of another build:
    one that build had and ``form`` lacks would come back unticked without a word (a 422
    says "choose an answer" to it; a 429 or 503 says nothing about the answers)."""
    for question in form.questions:
        if question.type in CHOICE_TYPES:
            allowed = question.choice_values()
            if any(value and value not in allowed for value in raw.get(question.id, ())):
                return False
    return True
