"""Full-text search: the engine (engine.py), its backends, the index and what apps register."""
