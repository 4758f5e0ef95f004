"""`cleaner batch`: registered here once batch mode lands."""
