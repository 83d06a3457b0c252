"""Browser tests: headless Chromium against a live server on the demo county."""
