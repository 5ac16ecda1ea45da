"""Synergi's shared kernel: what every service needs and nothing service-specific."""
