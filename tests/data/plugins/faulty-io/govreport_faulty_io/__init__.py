"""Deliberately faulty importers and exporters, one plugin per fault (test data for tests/test_hostile_plugins.py)."""
