"""The HTML page of a graph view: vis-network's options and the self-contained template.

Everything the page needs is inlined (vis-network's JavaScript and CSS, the page's own
script and style, the graph data); a Content-Security-Policy lists the hashes of the
inlined scripts and forbids every network load.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from kg.errors import KgError

LARGE_GRAPH = 1000
"""From this many nodes on, the page uses the large-graph settings (see docs/viz.md)."""

FONT_STACK = (
    "'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Kufi Arabic', Amiri, "
    "'Scheherazade New', 'Geeza Pro', 'Segoe UI', Tahoma, Arial, 'DejaVu Sans', sans-serif"
)
"""Fonts of the page, Arabic ones first."""


def _iterations(count: int) -> int:
    """Stabilisation steps: 200 up to 500 nodes, then fewer (100 at 1,000; 50 from 2,000)."""
    if count <= 500:
        return 200
    return max(50, 100_000 // count)


def options(count: int) -> dict[str, Any]:
    """vis-network options for a graph of ``count`` nodes."""
    large = count >= LARGE_GRAPH
    return {
        "autoResize": True,
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "nodes": {
            "font": {"face": FONT_STACK, "size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {
                "min": 10,
                "max": 40,
                "label": {"enabled": True, "min": 17, "max": 30, "drawThreshold": 5},
            },
            "borderWidth": 1,
            "chosen": {"node": True, "label": False},  # a bold label lands on its node
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9aa0a6", "highlight": "#202124", "inherit": False},
            "font": {
                "face": FONT_STACK,
                "size": 12,
                "align": "horizontal",
                "color": "#5f6368",
                "strokeWidth": 3,
            },
            "arrows": {"to": {"scaleFactor": 0.5}},
            "width": 1,
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000 if large else -7000,
                "centralGravity": 0.3 if large else 0.5,
                "springLength": 110 if large else 200,
                "springConstant": 0.04,
                "damping": 0.12,
                "avoidOverlap": 0 if large else 0.5,
            },
            "stabilization": {
                "enabled": True,
                "iterations": _iterations(count),
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 0.75,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": True,
        },
    }


# ----------------------------------------------------------------------- template


@cache
def _resource(folder: str, name: str) -> str:
    return (files("kg") / folder / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element, whatever the strings hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _check_inline(text: str, tag: str, name: str) -> str:
    lowered = text.casefold()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise KgError(f"{name} cannot be inlined in a <{tag}> element; reinstall kg.")
    return text


def fill(*, title: str, data: Mapping[str, Any]) -> str:
    """The page: the template with the scripts, styles, title and graph data inlined."""
    scripts = {
        "GUARD_JS": _check_inline(_resource("static", "guard.js"), "script", "guard.js"),
        "VIS_JS": _check_inline(
            _resource("static", "vis-network.min.js"), "script", "vis-network.min.js"
        ),
        "APP_JS": _check_inline(_resource("static", "viz.js"), "script", "viz.js"),
    }
    values = {
        **scripts,
        "VIS_CSS": _check_inline(_resource("static", "vis-network.css"), "style", "vis css"),
        "APP_CSS": _check_inline(_resource("static", "viz.css"), "style", "viz.css"),
        "SCRIPT_HASHES": " ".join(_sha256(s) for s in scripts.values()),
        "FONT_STACK": FONT_STACK,
        "TITLE": html.escape(title),
        "DATA": _script_json(data),
    }
    return re.sub(
        r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _resource("templates", "graph.html")
    )
