"""A plugin that fails to import (test data)."""

raise RuntimeError("govreport_broken_import cannot be imported (deliberately)")
