"""Demo data: a small made-up region (three municipalities, a province, a water board)."""
