"""The critique graph: one module each for its state, its nodes and its wiring."""
