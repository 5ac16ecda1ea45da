"""Matching service: explained partnership recommendations, kept current from events."""
