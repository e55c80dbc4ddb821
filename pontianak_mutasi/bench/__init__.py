"""Performance measurements of the application (issue 8)."""
