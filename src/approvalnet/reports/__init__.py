"""Presenters: results turned into what people read (rich tables in the terminal, HTML pages, the
diagram gallery, the demo's front page) and what other tools read (SARIF, GitHub annotations).

A presenter takes a typed result and returns text or prints it; it computes no figure of its own.
"""
