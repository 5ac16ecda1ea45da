"""Feedback service: ratings, tips and ambitions, follow-up wishes, and the summary."""
