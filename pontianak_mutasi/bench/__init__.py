"""`make bench`: the benchmark at national scale (issue 8, docs/benchmarks.md)."""
