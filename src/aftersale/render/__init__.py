"""Renderers: pure functions from computed results to text."""
