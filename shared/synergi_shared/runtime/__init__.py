"""What every service is built on: settings, the app builder, the broker and
its consumers, the outbox, the store helpers, auth, telemetry, metrics and
limits. Imports the contracts, never the tools."""
