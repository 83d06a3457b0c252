"""The demo county: real units and published tables of a county data bureau (see README)."""
