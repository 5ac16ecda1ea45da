"""Synergi's benchmarks (`make bench`): each measures its baseline in the same run."""
