"""The small-group rules: which groups a report may not show.

Every view of a partition of the respondents (the answers to a one-answer question, the
split, the breakdown, the quarters, and within each of those every measure) asks these
functions with the same counts, so that no view shows what another hides. docs/report.md,
"The small-group rules", says the same in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: The group of a response that gave no usable answer to the grouping question.
NO_ANSWER = ""


def hidden_groups(
    counts: Mapping[str, int], k: int, forced: Iterable[str] = (), rest: str = NO_ANSWER
) -> set[str]:
    """The groups a report must not show, from the count of each group.

    Every view of a partition of the respondents asks this one function, with the same
    counts, so that no view shows what another hides.

    1. Every group with fewer than ``k`` (nobody included) is hidden, and the ``forced`` ones.
    2. When the groups of people who answered (all but ``rest``, "no answer") hold fewer
       than ``k`` together, every group is hidden, ``rest`` too: its size would say how many
       answered, and "nobody answered" would look different from "a few answered".
    3. The hidden groups together hold the total minus the groups shown. When that is 1 to
       k-1 people, the smallest group shown is hidden as well. (Hiding "only one small
       group" is not enough: two hidden groups holding 2 would be one person each.)
    """
    hidden = set(forced) | {g for g, n in counts.items() if n < k}
    if rest in counts and sum(n for g, n in counts.items() if g != rest) < k:
        return hidden | set(counts)
    held = sum(n for g, n in counts.items() if g in hidden)
    if 0 < held < k:
        shown = sorted((n, g) for g, n in counts.items() if g not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return hidden


def hidden_choices(counts: Mapping[str, int], answered: int, k: int) -> set[str]:
    """The choices of a multiple-choice question a report must not show.

    The people who chose one are a group: a choice chosen by fewer than ``k`` (nobody
    included) is hidden, so that the page does not say that somebody chose it. Choices
    are not exclusive, so the counts shown add up to more than the people who answered,
    not to them; but ``answered`` minus their sum is a lower bound on the people who
    chose only hidden choices, and each of those holds at most k-1. When that bound is
    more than all hidden choices but one could hold, every one of them was chosen by
    somebody: with one hidden choice, any difference at all ("7 answered", "Pay: 6")
    said that 1 to k-1 people had "a better offer". Then the least chosen choice shown
    is hidden as well (its count, k or more, is no longer known to the page).
    """
    hidden = {c for c, n in counts.items() if n < k}
    shown = [(n, i, c) for i, (c, n) in enumerate(counts.items()) if c not in hidden]
    outside = answered - sum(n for n, _, _ in shown)
    if hidden and shown and outside > (len(hidden) - 1) * (k - 1):
        hidden.add(min(shown)[2])
    return hidden


def hidden_periods(counts: Mapping[str, int], k: int, forced: Iterable[str] = ()) -> set[str]:
    """``hidden_groups`` for periods (keys that sort in time order, like ``2026-Q1``), with
    choices that a report made later cannot undo.

    For unordered groups, rule 3 hides the smallest group shown. Across periods that choice
    moves as quarters are added, and two reports together then give away a quarter that
    each of them hides. Here the periods are taken in time order: whenever the periods
    hidden so far hold 1 to k-1 people, the smallest period shown so far is hidden as well.
    Each choice looks only at earlier periods, whose counts no longer change, so a later
    report hides at least what an earlier one hid up to its end: the periods up to any
    point that are hidden hold nobody or k or more, in this report and in every later one.
    """
    order = sorted(counts)
    hidden = set(forced) | {p for p in order if counts[p] < k}
    for end in range(len(order)):
        so_far = order[: end + 1]
        held = sum(counts[p] for p in so_far if p in hidden)
        shown = [p for p in so_far if p not in hidden]
        if 0 < held < k and shown:
            # The smallest, and of equals the latest: nearest to the period it covers for.
            hidden.add(min(reversed(shown), key=counts.__getitem__))
    return hidden
