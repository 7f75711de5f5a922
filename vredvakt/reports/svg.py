"""Charts drawn on the server as SVG: no JavaScript, readable by screen readers.

Each chart is an <svg role="img"> with a <title> and a <desc>; every bar has
its own <title> ("label: value") and a data-value holding the very text the
table beside it shows. The viewBox lets the chart scale down to a phone.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 480
FONT = 16
# Horizontal bars: the label on a line of its own above each bar, so long
# vendor names need no side margin on a narrow screen.
ROW = 46
BAR = 18
# Columns over time.
HEIGHT = 220
AXIS = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the table shows it


def _scale(bars: Sequence[Bar], room: float) -> float:
    top = max((bar.value for bar in bars), default=0)
    return room / top if top > 0 else 0


def bar_chart(*, chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> SafeString:
    """One horizontal bar per row, longest = the largest value."""
    room = WIDTH - 90  # space for the value text after the longest bar
    per = _scale(bars, room)
    height = max(ROW * len(bars), ROW)
    rows = format_html_join(
        "",
        '<g class="chart__bar"><title>{}: {}</title>'
        '<text x="0" y="{}" font-size="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" data-value="{}"></rect>'
        '<text x="{}" y="{}" font-size="{}">{}</text></g>',
        (
            (
                bar.label,
                bar.text,
                i * ROW + FONT,
                FONT,
                bar.label,
                i * ROW + FONT + 6,
                _px(bar.value * per),
                BAR,
                bar.text,
                _px(bar.value * per + 6),
                i * ROW + FONT + 6 + BAR - 4,
                FONT,
                bar.text,
            )
            for i, bar in enumerate(bars)
        ),
    )
    return _svg(chart_id, title, desc, height, rows)


def column_chart(*, chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> SafeString:
    """One column per moment (day or week), with the first and last moment on the axis."""
    room = HEIGHT - AXIS - FONT
    per = _scale(bars, room)
    step = WIDTH / max(len(bars), 1)
    columns = format_html_join(
        "",
        '<g class="chart__bar"><title>{}: {}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" data-value="{}"></rect></g>',
        (
            (
                bar.label,
                bar.text,
                _px(i * step + step * 0.1),
                _px(HEIGHT - AXIS - bar.value * per),
                _px(step * 0.8),
                _px(bar.value * per),
                bar.text,
            )
            for i, bar in enumerate(bars)
        ),
    )
    axis = _axis(bars)
    return _svg(chart_id, title, desc, HEIGHT, format_html("{}{}", columns, axis))


def _axis(bars: Sequence[Bar]) -> SafeString:
    if not bars:
        return SafeString("")
    y = HEIGHT - 8
    return format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="chart__axis"></line>'
        '<text x="0" y="{}" font-size="{}">{}</text>'
        '<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>',
        HEIGHT - AXIS,
        WIDTH,
        HEIGHT - AXIS,
        y,
        FONT,
        bars[0].label,
        WIDTH,
        y,
        FONT,
        bars[-1].label,
    )


def _svg(chart_id: str, title: str, desc: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc"'
        ' xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        body,
    )


def _px(value: float) -> str:
    # One decimal keeps the markup short; a bar for a value above zero is never invisible.
    return f"{value:.1f}" if value == 0 or value >= 1 else "1.0"
