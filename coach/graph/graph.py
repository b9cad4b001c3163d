"""The critique graph's wiring, top to bottom as it runs.

load → classify_key_results → check_key_results → check_objectives →
check_document → suggest_rewrites → score → assemble

With a model configured, the rules' result goes to the model before it is scored:
suggest_rewrites → retrieve_principles → review_with_model → score
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

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
# Taken only when a model is configured, between suggest_rewrites and score.
MODEL_STEPS = [nodes.retrieve_principles, nodes.review_with_model]


def route_after_rules(
    state: CritiqueState,
) -> Literal["retrieve_principles", "score"]:
    return "retrieve_principles" if state["settings"].uses_model else "score"


def build() -> StateGraph:
    graph = StateGraph(CritiqueState)
    for step in [*STEPS, *MODEL_STEPS]:
        graph.add_node(step.__name__, step)
    graph.add_edge(START, STEPS[0].__name__)
    for before, after in pairwise(STEPS):
        if before is nodes.suggest_rewrites:
            graph.add_conditional_edges(before.__name__, route_after_rules)
        else:
            graph.add_edge(before.__name__, after.__name__)
    for before, after in pairwise([*MODEL_STEPS, nodes.score]):
        graph.add_edge(before.__name__, after.__name__)
    graph.add_edge(STEPS[-1].__name__, END)
    return graph


critique_graph = build().compile()
