"""pytest's set-up for the Python module's tests: hypothesis draws the same examples on every
run (a failure in CI is one anyone can reproduce) and keeps no example database."""
from hypothesis import settings

settings.register_profile("smooth", derandomize=True, database=None)
settings.load_profile("smooth")
