"""Workshops service: Workshop programme, sign-ups with capacity and waitlist, check-in and attendance."""
