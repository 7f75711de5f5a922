"""The server-drawn charts: well-formed SVG, bars as long as their values, readable names."""

import xml.etree.ElementTree as ET

import pytest

from vredvakt.reports.svg import Bar, bar_chart, column_chart

NS = {"svg": "http://www.w3.org/2000/svg"}
BARS = [Bar("Låset", 10, "10"), Bar("Appen <x>", 5, "5"), Bar("Annat", 0, "0")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def child(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path, NS)
    assert found is not None, path
    return found


def attr(element: ET.Element, path: str, name: str) -> str:
    value = child(element, path).get(name)
    assert value is not None, name
    return value


@pytest.mark.parametrize("draw", [bar_chart, column_chart])
def test_a_chart_is_an_image_with_a_title_and_a_description(draw) -> None:
    root = parse(draw(chart_id="c", title="Ärenden", desc="Antal per orsak", bars=BARS))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert child(root, "svg:title").text == "Ärenden"
    assert child(root, "svg:desc").text == "Antal per orsak"
    assert root.get("viewBox", "").startswith("0 0 480 ")


@pytest.mark.parametrize("draw, size", [(bar_chart, "width"), (column_chart, "height")])
def test_bars_are_as_long_as_their_values_and_name_them(draw, size: str) -> None:
    root = parse(draw(chart_id="c", title="t", desc="d", bars=BARS))
    bars = root.findall(".//svg:g", NS)
    lengths = [float(attr(g, "svg:rect", size)) for g in bars]
    assert lengths[0] == 2 * lengths[1] > 0
    assert lengths[2] == 0
    assert [child(g, "svg:title").text for g in bars] == ["Låset: 10", "Appen <x>: 5", "Annat: 0"]
    assert [attr(g, "svg:rect", "data-value") for g in bars] == ["10", "5", "0"]


def test_a_tiny_value_still_shows_a_bar() -> None:
    root = parse(
        bar_chart(chart_id="c", title="t", desc="d", bars=[Bar("a", 1000, ""), Bar("b", 1, "")])
    )
    assert float(root.findall(".//svg:rect", NS)[1].get("width") or 0) >= 1


def test_a_chart_of_zeros_draws_empty_bars() -> None:
    root = parse(column_chart(chart_id="c", title="t", desc="d", bars=[Bar("a", 0, "0")]))
    assert attr(root, ".//svg:rect", "height") == "0.0"
