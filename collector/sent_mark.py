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
from collections.abc import Sequence


def sent_script(actions: Sequence[str], draft_group: str) -> str:
    """The script for the thank-you page of a questionnaire whose form, and those of its
    translations, post to ``actions`` (as their pages have them; a relative one resolves
    alike here, each page being one folder down from the site's root), and whose draft is
    shared by ``draft_group`` (form.html's ``data-draft``; "" for a form alone).

    Every form of the group whose page ran in this tab (its key is there) is marked: a
    leaver who started in one language and sent from another left the first page behind
    with the answers, and Back to it, or the next visit to it, showed them. A page that
    never ran is not: the next person who switched to it found what they brought along
    emptied as sent. Not when the page is come back to (Forward, no cache): by then the
    tab may have a new ID with new answers typed, which the mark would empty; a browser
    without navigation timing marks as on a first visit. The keys are enhance.js's
    ``key()`` and ``draft()``. Storage a browser blocks throws: then there is nothing to
    mark either.
    """
    # JSON is a JavaScript literal; "<" escaped, so no "</script>" can end the block early.
    data = json.dumps([list(actions), draft_group]).replace("<", "\\u003c")
    return (
        "try{if((performance.getEntriesByType('navigation')[0]||{}).type!='back_forward'){"
        f"const[a,g]={data};for(const x of a){{const k='exit-survey '+new URL(x,location).href;"
        "if(k in sessionStorage)sessionStorage[k]='sent';"
        "delete sessionStorage[(g||k)+' draft']}}}catch(e){}"
    )
