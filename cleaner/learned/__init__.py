"""The learned line stage: features, the shipped model, and the stage that applies it (see stage.py)."""
