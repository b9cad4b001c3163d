"""The alignment graph's wiring, top to bottom as it runs.

index_organisation → read_key_results → check_structure → find_candidates
  → [confirm_with_model, only with a model and candidates] → judge_candidates
  → score_health → assemble
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from coach.alignment import nodes
from coach.alignment.state import AlignmentState


def build() -> StateGraph:
    graph = StateGraph(AlignmentState)
    for step in (
        nodes.index_organisation,
        nodes.read_key_results,
        nodes.check_structure,
        nodes.find_candidates,
        nodes.confirm_with_model,
        nodes.judge_candidates,
        nodes.score_health,
        nodes.assemble,
    ):
        graph.add_node(step.__name__, step)
    graph.add_edge(START, "index_organisation")
    graph.add_edge("index_organisation", "read_key_results")
    graph.add_edge("read_key_results", "check_structure")
    graph.add_edge("check_structure", "find_candidates")
    graph.add_conditional_edges("find_candidates", nodes.route_candidates)
    graph.add_edge("confirm_with_model", "judge_candidates")
    graph.add_edge("judge_candidates", "score_health")
    graph.add_edge("score_health", "assemble")
    graph.add_edge("assemble", END)
    return graph


alignment_graph = build().compile()
