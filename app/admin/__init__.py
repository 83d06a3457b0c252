"""Administration of the unit tree and the accounts."""
