"""What the services exchange: the event models, their topics, the CloudEvents
envelope, the theme catalogue and the AsyncAPI documents made from them.
Imports nothing else of Synergi's."""
