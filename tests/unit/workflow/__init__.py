"""Unit tests of the pure workflow rules."""
