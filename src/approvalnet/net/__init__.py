"""Petri-net side of approvalnet: analyses that work on pm4py ``PetriNet`` objects."""
