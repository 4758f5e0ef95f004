"""The rule engine: load and validate rule files (schema), compile and apply them (engine)."""

from cleaner.rules.engine import EngineResult, RuleEngine
from cleaner.rules.loader import load_rule_file, load_rules
from cleaner.rules.schema import Rule, RuleError, RuleSet, Site

__all__ = ["EngineResult", "Rule", "RuleEngine", "RuleError", "RuleSet", "Site", "load_rule_file", "load_rules"]
