"""Sanctions regimes as data, and the evaluation of reported transfers against their measures."""
