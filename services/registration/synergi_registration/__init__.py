"""Registration service: editions, organisation profiles, registrations and participants."""
