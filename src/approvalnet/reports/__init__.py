"""Presenting results to people: terminal text, and later HTML and plots."""
