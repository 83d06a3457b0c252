"""Report templates (表样): definitions as data, and the blueprint that lists them."""
