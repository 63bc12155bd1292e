"""The graph itself: load the Turtle sources, validate them, materialise the
standard terms, describe the dataset and write the build's dumps."""
