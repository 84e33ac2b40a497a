"""Petri nets of processes (pm4py objects): building them, soundness, working-day path analysis,
export (PNML, DOT, JSON), and verifying files.
"""
