"""HTML output: the self-contained scan report (and, later, the analysts' web UI)."""
