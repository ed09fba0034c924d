"""Rules shared by every app, below all of them: plain functions, no models, no views.

Each module holds one rule that several apps apply (disclosure control, money
formatting), so the rule is written once and behaves the same on every route.
"""
