"""Reported transfers in article text: who sends what to whom, how sure, on whose word."""
