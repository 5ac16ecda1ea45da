"""What this instance keeps in memory of an edition it holds: the facts, the
ranking, and what was last written for each pair."""

from dataclasses import dataclass, field

from synergi_matching.domain.facts import EditionFacts
from synergi_matching.domain.ranking import Pair, Ranking


@dataclass
class PairWritten:
    """What was last written for a pair: enough to tell whether it changed."""

    version: int
    digest: str
    withdrawn: bool


@dataclass
class EditionModel:
    facts: EditionFacts
    ranking: Ranking
    pairs: dict[Pair, PairWritten] = field(default_factory=dict)
    seq: int = 0  # the last change number given
    published: int = 0  # every change up to this one is on Kafka
    generation: int = -1
