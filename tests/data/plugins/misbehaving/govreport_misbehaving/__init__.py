"""Deliberately misbehaving plugins, one module per way of misbehaving (test data)."""
