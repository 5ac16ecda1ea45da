"""Feedback service: The evaluation: ratings, tips and ambitions, follow-up wishes, and the summary."""
