"""Benchmarks: the app's own code paths timed against bare sqlite3/XlsxWriter floors."""
