"""checklib stage."""
