"""Workshops service: the programme, sign-ups with capacity and waitlist, check-in."""
