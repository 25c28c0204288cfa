"""The thank-you page's one line of script: the answers of this tab are stored.

enhance.js keeps a draft of the answers and a submission ID in the tab's sessionStorage
until the collector has the answers; after its own send it marks them sent itself. When a
host's policy forbids its fetch, the form goes as a plain post instead, and the page never
learns whether that post was stored: the thank-you page it ends on is the only one that
knows. This script there does what enhance.js does after a send, under the same keys, so
that the next visit in that tab (the next person at a shared computer) starts empty with
a new ID, and Back shows the "sent" note instead of the answers: kept, the next person saw
the answers before theirs, and theirs were taken for a resend of them and dropped.

A post that failed (no connection, stopped, its reply lost) never reaches this page, so
the draft and the ID stay for Back and a reload, and sending again stores the answers once.
"""

from __future__ import annotations

import json


def sent_script(action: str, draft_group: str) -> str:
    """The script for a form that posts to ``action`` (as its page has it; a relative one
    resolves alike here, the thank-you page being in the form's folder), whose draft is
    shared by ``draft_group`` (form.html's ``data-draft``; "" for a form alone).

    The keys are enhance.js's ``key()`` and ``draft()``. Storage a browser blocks throws: then
    there is nothing to mark either.
    """
    # JSON is a JavaScript literal; "<" escaped, so no "</script>" can end the block early.
    data = json.dumps([action, draft_group]).replace("<", "\\u003c")
    return (
        f"try{{const[a,g]={data},k='exit-survey '+new URL(a,location).href;"
        "sessionStorage[k]='sent';delete sessionStorage[(g||k)+' draft']}catch(e){}"
    )
