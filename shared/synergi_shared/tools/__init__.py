"""What people run around the services: the `synergi` command, the demo, the
dead-letter tools and the single-process mode. The demo and the
single-process mode need the `tools` extra (httpx, mongomock-motor)."""
