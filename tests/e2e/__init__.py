"""End-to-end tests: the installed command in a real terminal."""
