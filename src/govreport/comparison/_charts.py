"""Charts of the headline series, drawn by matplotlib as SVG text to put straight into a page.

Text stays text in the SVG (``svg.fonttype: none``), so the page shows the labels in the reader's own CJK font
and needs no font embedded or fetched.  The SVG carries no date and fixed element ids, so the same comparison
gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

from govreport._extras import need
from govreport.comparison._model import Comparison, Series

FONTS = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "DejaVu Sans",
    "sans-serif",
]
"""Font families tried for the labels (by matplotlib to measure them, then by the browser to draw them)."""

SIZE_INCHES = (7.2, 3.2)
"""A chart fills the page's text width (about 190 mm) at a height that keeps three charts on one screen."""

COLOURS = ["#1f5fa8", "#e08a1e", "#3a9a5b", "#c0392b", "#7d5ba6", "#8c6d31", "#555555"]
"""Distinct colours that stay apart for readers with red-green colour blindness (blue, orange first)."""

CHARTS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("收到和办理的申请（件）", ("applications", "totals"), False),
    ("办理结果（件，堆叠）", ("outcomes",), True),
    ("行政复议、行政诉讼（件）", ("review_litigation",), False),
)
"""Each chart: its title, the series groups it shows, and whether the bars are stacked."""


@contextmanager
def _quiet() -> Iterator[None]:
    """Matplotlib warns when a label has glyphs its fallback font lacks; the browser draws them, so say nothing."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.setLevel(level)


def _number(value: int | Decimal | None) -> float | None:
    return None if value is None else float(value)


def _own_ids(svg: str, prefix: str) -> str:
    """Every id of a chart, and every reference to one, prefixed: matplotlib numbers its ids from 1 in each figure,
    and charts inline in one page share the page's id space."""
    svg = re.sub(r'\bid="', f'id="{prefix}', svg)
    svg = svg.replace("url(#", f"url(#{prefix}")
    return re.sub(r'href="#', f'href="#{prefix}', svg)


def chart(title: str, years: Sequence[int], series: Sequence[Series], stacked: bool, prefix: str = "") -> str:
    """One bar chart as SVG text (no XML declaration); ``prefix`` goes before each of its element ids."""
    matplotlib = need("matplotlib")
    figure_module = need("matplotlib.figure")
    rc = {
        "svg.fonttype": "none",
        "svg.hashsalt": "govreport",
        "font.family": "sans-serif",
        "font.sans-serif": FONTS,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(rc), _quiet():
        figure = figure_module.Figure(figsize=SIZE_INCHES, layout="constrained")
        ax = figure.add_subplot()
        positions = list(range(len(years)))
        width = 0.8 if stacked else 0.8 / max(len(series), 1)
        bottoms = [0.0] * len(years)
        missing: set[int] = set()
        for index, s in enumerate(series):
            values = [_number(v) for v in s.values]
            xs = [p if stacked else p - 0.4 + width * (index + 0.5) for p in positions]
            shown = [(x, v, i) for i, (x, v) in enumerate(zip(xs, values, strict=True)) if v is not None]
            missing.update(i for i, v in enumerate(values) if v is None)
            bars = ax.bar(
                [x for x, _, _ in shown],
                [v for _, v, _ in shown],
                width=width,
                bottom=[bottoms[i] for _, _, i in shown] if stacked else 0,
                label=s.label,
                color=COLOURS[index % len(COLOURS)],
            )
            if not stacked:
                ax.bar_label(bars, fmt="%g", fontsize=7, padding=1)
            for _, v, i in shown:
                bottoms[i] += v if stacked else 0
        if stacked:
            for i, total in enumerate(bottoms):
                if i not in missing:
                    ax.annotate(f"{total:g}", (positions[i], total), ha="center", va="bottom", fontsize=7)
        for i in sorted(missing):
            ax.annotate("缺数字", (positions[i], 0), ha="center", va="bottom", fontsize=7, color="#a00")
        ax.set_xticks(positions, [f"{y}年度" for y in years])
        ax.set_title(title, loc="left", fontsize=10)
        ax.margins(y=0.15)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return _own_ids(text[text.index("<svg") :], prefix)


def charts(comparison: Comparison) -> list[tuple[str, str]]:
    """The charts of a comparison: (title, SVG text) each."""
    out = []
    for number, (title, groups, stacked) in enumerate(CHARTS, start=1):
        series = [s for s in comparison.series if s.group in groups]
        out.append((title, chart(title, comparison.years, series, stacked, prefix=f"chart{number}-")))
    return out
