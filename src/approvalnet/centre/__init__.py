"""A one-window centre (一窗式) as a whole: its items simulated together on shared windows and
departments (``simulate``), and the staff it needs to meet its targets (``staffing``).

The centre file itself (types and loader) is part of the language: ``approvalnet.language.centre_loader``.
"""
