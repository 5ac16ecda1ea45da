"""The report's charts draw whatever organisations typed as text: a name with
`$`s is a name, not mathematics that fails the report."""

from synergi_shared.reporting import charts

NAMES = {"a": "Fonden $\\foo$", "b": "50$ & $5 pr. barn", "c": "$x^{2}$"}


def test_names_with_dollar_signs_are_drawn_as_written() -> None:
    drawn = [
        charts.bars({name: 1.0 for name in NAMES.values()}),
        charts.grouped(list(NAMES.values()), {"pladser": [1, 2, 3]}, ["#000"]),
        charts.network(NAMES, [{"a": "a", "b": "b", "score": 0.5, "outcome": None}]),
    ]
    for svg in drawn:
        assert "Fonden $\\foo$" in svg
