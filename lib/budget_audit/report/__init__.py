"""Building the HTML audit report, its charts and the year index."""
