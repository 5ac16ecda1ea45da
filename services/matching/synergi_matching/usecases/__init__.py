"""The matching service's use cases: the editions kept current from events
(`editions`), and what the organiser plans the day with (`planning`)."""

from synergi_matching.usecases.editions import SOURCE, Editions
from synergi_matching.usecases.planning import quality_of, tables_of, tags_of

__all__ = ["SOURCE", "Editions", "quality_of", "tables_of", "tags_of"]
