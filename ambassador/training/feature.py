"""The catalogue: modules, their texts, versions and questions."""

from ambassador.features import Feature
from ambassador.training import catalogue, models  # noqa: F401  (the tables; the catalogue cache listens to flushes)
from ambassador.training.models import in_language

FEATURE = Feature(name="training", filters={"in_language": in_language})
