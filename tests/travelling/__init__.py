"""A plugin registered in code (not an installed distribution), for the tests that send it to batch workers."""
