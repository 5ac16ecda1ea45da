"""The matching service's use cases: the editions kept current from events
(`editions`), what the organiser plans the day with (`planning`), and the
follow-ups after it (`follow_ups`)."""

from synergi_matching.usecases import follow_ups
from synergi_matching.usecases.editions import Editions
from synergi_matching.usecases.planning import quality_of, tables_of, tags_of

__all__ = ["Editions", "follow_ups", "quality_of", "tables_of", "tags_of"]
