"""Rules shared across apps, below all of them: plain Python, no Django models."""
