"""Chart geometry: axes with round ticks, every value printed on short series, labels thinned on long ones."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from auditor.config.scoring import ScoringConfig
from auditor.report.chart import MAX_PRINTED_VALUES, MAX_X_LABELS, chart
from auditor.report.render import render_html
from auditor.report.stored import stored_view
from auditor.store.database import Store
from tests.test_client_report import DEC2, store  # noqa: F401 - the fixture of three months of runs


def test_score_axis_from_zero_to_hundred_with_every_value_printed() -> None:
    drawn = chart([("11-05", 62.5), ("11-20", 0.0), ("11-30", 100.0)], y_max=100)
    assert [tick.text for tick in drawn.y_ticks] == ["0", "20", "40", "60", "80", "100"]
    assert [mark.text for mark in drawn.marks if mark.printed] == ["62.5", "0", "100"]
    top, bottom = drawn.y_ticks[-1].position, drawn.y_ticks[0].position
    assert bottom == drawn.bottom and top == drawn.top
    assert drawn.marks[1].y == drawn.bottom and drawn.marks[2].y == drawn.top
    assert drawn.marks[0].x == drawn.left and drawn.marks[-1].x == drawn.right


def test_bars_scale_to_a_round_top_and_skip_missing_values() -> None:
    drawn = chart([("a", 3.0), ("b", None), ("c", 17.0)], kind="bar")
    assert [tick.text for tick in drawn.y_ticks][-1] == "20" and len(drawn.marks) == 2
    assert all(drawn.left < mark.x < drawn.right for mark in drawn.marks)


def test_long_series_thin_their_labels_but_print_the_last_value() -> None:
    drawn = chart([(f"d{i}", float(i)) for i in range(30)], y_max=100)
    printed = [mark for mark in drawn.marks if mark.printed]
    assert len(printed) <= MAX_PRINTED_VALUES + 1 and printed[-1].text == "29"
    assert len(drawn.x_ticks) <= MAX_X_LABELS + 1 and drawn.x_ticks[0].text == "d0"


def test_technician_report_trend_has_axes_and_printed_values(store: Store, tmp_path: Path) -> None:  # noqa: F811
    run = store.load_run(f"{DEC2:%Y%m%dT%H%M%S}")
    view = stored_view(store, run, config=ScoringConfig(), sla_for={})
    html = render_html(view, generated_at=DEC2 + timedelta(hours=1))
    history = html[html.index('id="history"') :]
    charts = history.count('<svg class="chart chart-')
    assert charts == 4  # score and failed checks for each of the two clients
    acme = history[: history.index("<h3>globex</h3>")]
    assert 'class="chart chart-line"' in acme and 'class="chart chart-bar"' in acme
    assert acme.count('class="value"') == 8  # four runs, two charts, every value printed
    assert ">Score</text>" in acme and ">Run date (month-day)</text>" in acme and ">10-30</text>" in acme
