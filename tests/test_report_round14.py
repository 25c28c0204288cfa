"""The fourteenth audit round: the report of a long questionnaire, read by management.

Each test is one finding: four reasons tied at 14% showed as a "top 3" that dropped one
of them for no reason; a negative eNPS was written with a hyphen ("-66") beside the
"from −100 to +100" that explains it, and a hyphen is often read out as nothing.
"""

from __future__ import annotations

from support.report_page import add, report

VOLUNTARY = {"departure": "voluntary", "recommend": "8"}


def test_the_main_reasons_keep_reasons_tied_with_the_third(app) -> None:
    add(app, {**VOLUNTARY, "reasons": ["pay", "growth"]}, n=5)
    add(app, {**VOLUNTARY, "reasons": ["manager", "workload"]}, n=5)
    add(app, {**VOLUNTARY, "reasons": ["pay"]}, n=2)
    glance = report(app).section("glance").text()
    assert "Pay and benefits: 58%" in glance  # 7 of 12
    for tied in ("Career growth and development", "My manager", "Workload or stress"):
        assert f"{tied}: 42%" in glance  # 5 of 12 each: none of them is fourth
    assert "The work itself" not in glance  # chosen by nobody


def test_the_main_reasons_stop_at_three_without_a_tie(app) -> None:
    add(app, {**VOLUNTARY, "reasons": ["pay", "growth", "manager"]}, n=6)
    add(app, {**VOLUNTARY, "reasons": ["pay", "growth"]}, n=2)
    add(app, {**VOLUNTARY, "reasons": ["pay", "workload"]}, n=2)
    glance = report(app).section("glance").text()
    assert "My manager: 60%" in glance
    assert "Workload or stress" not in glance  # 20%: fourth, not tied


def test_a_negative_enps_has_a_minus_sign(app) -> None:
    add(app, {**VOLUNTARY, "reasons": ["pay"], "recommend": "2"}, n=6)
    page = report(app)
    assert "−100" in page.section("glance").text().replace("From −100", "")
    assert "-100" not in page.text()
