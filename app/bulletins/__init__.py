"""Bulletins (简报) computed from rollups."""
