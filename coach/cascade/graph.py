"""The cascade graph's wiring, top to bottom as it runs.

prepare → plan_coverage → generate → critique_proposals ─┬→ assemble
                                          ↑              │
                                          └── revise ←───┘ (errors left, rounds left)
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from coach.cascade import nodes
from coach.cascade.state import CascadeState


def build() -> StateGraph:
    graph = StateGraph(CascadeState)
    for step in (
        nodes.prepare,
        nodes.plan_coverage,
        nodes.generate,
        nodes.critique_proposals,
        nodes.revise,
        nodes.assemble,
    ):
        graph.add_node(step.__name__, step)
    graph.add_edge(START, "prepare")
    graph.add_edge("prepare", "plan_coverage")
    graph.add_edge("plan_coverage", "generate")
    graph.add_edge("generate", "critique_proposals")
    graph.add_conditional_edges(
        "critique_proposals", nodes.after_critique, ["revise", "assemble"]
    )
    graph.add_edge("revise", "critique_proposals")
    graph.add_edge("assemble", END)
    return graph


cascade_graph = build().compile()
