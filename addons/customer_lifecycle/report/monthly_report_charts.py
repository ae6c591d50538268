"""Charts of the monthly report, drawn server-side by matplotlib as PNG images for the PDF.

The labels are in the report's language, Chinese included: the CJK font is the one fontconfig
names for "Noto Sans CJK SC" (installed by bin/setup), so no ideograph prints as a box.
matplotlib is imported when the first chart is drawn: imported with the addon it slows every
start, and Odoo 11's HTTP thread imports the addons while the server loads its registry, so a
slow import there leaves the report model out of the registry.
"""
import base64
import io
import subprocess

CJK_FAMILY = "Noto Sans CJK SC"
COLOURS = ("#3c6e9f", "#e07b39")
_FONT = []


def _matplotlib():
    """The parts of matplotlib the charts use, with its server backend (imported once)."""
    import matplotlib
    matplotlib.use("Agg")  # no display on a server
    from matplotlib import font_manager, ticker
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    return font_manager, ticker, FigureCanvasAgg, Figure


def cjk_font():
    """The font properties of the CJK font (looked up once)."""
    if not _FONT:
        path = subprocess.run(["fc-match", "-f", "%{file}", CJK_FAMILY],
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        _FONT.append(_matplotlib()[0].FontProperties(fname=path))
    return _FONT[0]


def _png(figure):
    """The figure as a base64 PNG."""
    _matplotlib()[2](figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _fonts(axes, title=None):
    font = cjk_font()
    if title:
        axes.set_title(title, fontproperties=font, fontsize=11)
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontproperties(font)
        label.set_fontsize(8)


def bar_chart(labels, values):
    """Horizontal bars, the largest on top: a count per group (titled by the page)."""
    _font_manager, ticker, _canvas, Figure = _matplotlib()
    figure = Figure(figsize=(5.2, max(1.6, 0.32 * len(labels) + 0.8)))
    axes = figure.subplots()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=COLOURS[0])
    axes.set_yticks(positions)
    axes.set_yticklabels(labels)
    for position, value in zip(positions, values):
        axes.text(value, position, " %d" % value, va="center", fontsize=8)
    axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    _fonts(axes)
    return _png(figure)


def trend_chart(title, months, series):
    """Lines over the months: series is [(label, values or None per month)]."""
    figure = _matplotlib()[3](figsize=(7.5, 2.6))
    axes = figure.subplots()
    positions = list(range(len(months)))
    for colour, (label, values) in zip(COLOURS, series):
        points = [(x, y) for x, y in zip(positions, values) if y is not None]
        axes.plot([x for x, _y in points], [y for _x, y in points], marker="o", color=colour,
                  label=label)
    axes.set_xticks(positions)
    axes.set_xticklabels(months, rotation=45)
    axes.set_ylim(-100, 100)
    axes.axhline(0, color="#999999", linewidth=0.6)
    axes.legend(prop=cjk_font(), fontsize=8, loc="lower left")
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    _fonts(axes, title)
    return _png(figure)
