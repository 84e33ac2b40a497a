"""Capacity: whether the declared staff can handle the declared arrivals in time, by simulating them."""
