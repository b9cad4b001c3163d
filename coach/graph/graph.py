"""The critique graph's wiring, top to bottom as it runs.

load → classify_key_results → check_key_results → check_objectives →
check_document → suggest_rewrites → score → assemble
"""

from __future__ import annotations

from itertools import pairwise

from langgraph.graph import END, START, StateGraph

from coach.graph import nodes
from coach.graph.state import CritiqueState

STEPS = [
    nodes.load,
    nodes.classify_key_results,
    nodes.check_key_results,
    nodes.check_objectives,
    nodes.check_document,
    nodes.suggest_rewrites,
    nodes.score,
    nodes.assemble,
]


def build() -> StateGraph:
    graph = StateGraph(CritiqueState)
    for step in STEPS:
        graph.add_node(step.__name__, step)
    graph.add_edge(START, STEPS[0].__name__)
    for before, after in pairwise(STEPS):
        graph.add_edge(before.__name__, after.__name__)
    graph.add_edge(STEPS[-1].__name__, END)
    return graph


critique_graph = build().compile()
