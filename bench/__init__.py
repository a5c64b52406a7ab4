"""Benchmarks; each writes its numbers to bench/RESULTS.md."""
