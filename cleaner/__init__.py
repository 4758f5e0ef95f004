"""cleaner: strip boilerplate from scraped news text, keep the article and its metadata.

>>> import cleaner
>>> art = cleaner.clean("Advertisement\\n\\nThe council met on Tuesday to agree the budget.")
>>> art.body
'The council met on Tuesday to agree the budget.'
>>> [r.rule for r in art.removed]
['ADS001']
"""

from cleaner.model import Article, DateValue, Document, Image, Removal
from cleaner.pipeline import Cleaner, clean, clean_document, default_cleaner
from cleaner.rules.schema import Rule, RuleError, RuleSet, load_rules

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Cleaner",
    "DateValue",
    "Document",
    "Image",
    "Removal",
    "Rule",
    "RuleError",
    "RuleSet",
    "__version__",
    "clean",
    "clean_document",
    "default_cleaner",
    "load_rules",
]
