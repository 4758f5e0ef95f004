"""The learned line stage: features, the shipped model, and the stage that applies it (see stage.py)."""

# [speed glue] The stage's id and category live here, so the stage registry can name the stage
# without importing numpy and the model (stage.py), which a run with the stage off never needs.
RULE_ID = "LRN001"
CATEGORY = "learned"
