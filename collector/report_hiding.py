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
