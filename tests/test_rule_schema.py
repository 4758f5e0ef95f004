"""The loader rejects broken rule files with a message naming the file and the rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rules import RuleEngine, RuleError, RuleSet, load_rule_file, load_rules
from cleaner.rules.patterns import compiled_rule_pattern
from cleaner.rules.schema import ACTION_KEYS, ACTION_ONLY_KEYS, ACTIONS, KEY_CHECKS

GOOD = """
[[rule]]
id = "TST001"
name = "test-label"
action = "drop-line"
pattern = 'Test label'
why = "A test."
examples.drop = ["Test label"]
examples.keep = ["This is a test label in a sentence."]
"""


def _write(tmp_path: Path, body: str, name: str = "mine.toml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def _error(tmp_path: Path, body: str) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_rule_file(_write(tmp_path, body))
    return info.value


def test_good_file_loads(tmp_path: Path) -> None:
    rules, site = load_rule_file(_write(tmp_path, GOOD))
    assert [r.id for r in rules] == ["TST001"] and site is None
    assert rules[0].category == "mine"


def test_broken_regex_names_file_and_rule(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("'Test label'", "'Test (label'"))
    assert "mine.toml" in str(err) and "TST001" in str(err) and "does not compile" in str(err)


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('why = "A test."', 'why = "A test."\npatern = "x"'))
    assert "unknown key(s): patern" in str(err) and "TST001" in str(err)


def test_missing_examples_are_rejected(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('examples.keep = ["This is a test label in a sentence."]\n', ""))
    assert "examples.drop and examples.keep" in str(err)


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    a = _write(tmp_path, GOOD, "a.toml")
    b = _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RuleError, match=r"b\.toml: rule TST001: duplicate id"):
        load_rules([a, b], builtin=False)


def test_duplicate_of_a_builtin_id_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules([_write(tmp_path, GOOD.replace("TST001", "ADS001"))])


def test_bad_action_is_rejected(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('"drop-line"', '"delete"'))
    assert "`action` must be one of" in str(err)


def test_block_needs_an_end(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('action = "drop-line"\npattern', 'action = "drop-block"\nstart'))
    assert "exactly one of `until`, `while` or `lines`" in str(err)


def test_invalid_toml_names_file(tmp_path: Path) -> None:
    err = _error(tmp_path, "[[rule]\nid=")
    assert "mine.toml" in str(err) and "invalid TOML" in str(err)


def test_a_rule_set_built_from_lists_holds_tuples() -> None:
    """Immutable as it says, and what the compiled engine reads: it once rejected a loader's list (setup.py)."""
    shipped = load_rules()
    built = RuleSet(list(shipped.rules), list(shipped.sites), list(shipped.files))  # type: ignore[arg-type]
    assert (built.rules, built.sites, built.files) == (shipped.rules, shipped.sites, shipped.files)
    assert RuleEngine(built).apply(["Advertisement", "The council met."]).kept == [None, "The council met."]


def test_select_by_category_prefix_and_id() -> None:
    ruleset = load_rules()
    assert {r.category for r in ruleset.select(["captions"]).rules} == {"captions"}
    assert all(r.id.startswith("CAP") for r in ruleset.select(["CAP"]).rules)
    assert [r.id for r in ruleset.select(["ADS001"]).rules] == ["ADS001"]


def test_ignore_removes_rules() -> None:
    ids = {r.id for r in load_rules(ignore=["ADS001"]).rules}
    assert "ADS001" not in ids and "ADS002" in ids


def test_unknown_select_token_is_an_error() -> None:
    with pytest.raises(RuleError, match="matches no rule"):
        load_rules(select=["NOPE"])


def test_duplicate_names_are_rejected_naming_file_and_rule(tmp_path: Path) -> None:
    a = _write(tmp_path, GOOD, "a.toml")
    b = _write(tmp_path, GOOD.replace("TST001", "TST002"), "b.toml")
    with pytest.raises(RuleError, match=r"b\.toml: rule TST002: duplicate name 'test-label' \(already used by TST001"):
        load_rules([a, b], builtin=False)


def test_shipped_rule_names_are_unique_within_their_scope() -> None:
    names = [(r.site, r.name) for r in load_rules().rules]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("action", "key"), [("drop-line", "min_position"), ("trim", "field"), ("extract", "until")])
def test_a_key_of_another_action_is_rejected(tmp_path: Path, action: str, key: str) -> None:
    value = "0.5" if key == "min_position" else "'x'"
    body = GOOD.replace('action = "drop-line"', f'action = "{action}"\n{key} = {value}')
    assert f"key(s) {key} do not apply to action {action}" in str(_error(tmp_path, body))


def test_every_action_declares_its_keys_and_each_key_has_a_check() -> None:
    assert set(ACTION_KEYS) == set(ACTIONS)
    assert set(KEY_CHECKS) >= ACTION_ONLY_KEYS


def test_extract_without_a_group_or_field_is_rejected(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('action = "drop-line"', 'action = "extract"'))
    assert "extract needs named groups" in str(err)


def test_validated_patterns_are_the_engine_s_compiled_objects() -> None:
    rule = load_rules().get("ADS001")
    engine = RuleEngine(RuleSet((rule,)))
    assert engine.prefilter.generic.line_rules[0].trigger is compiled_rule_pattern(rule.trigger, rule.ignorecase)


def test_site_scopes_compile_on_first_use() -> None:
    engine = RuleEngine(load_rules())
    site = next(iter(engine.prefilter.site_rules))
    assert site not in engine.prefilter._site_scopes
    engine.apply(["Some text"], site_keys=(site,))
    assert site in engine.prefilter._site_scopes


def test_a_user_site_file_with_a_broken_pattern_fails_at_load(tmp_path: Path) -> None:
    body = '[site]\ndomains = ["example.com"]\n' + GOOD.replace("'Test label'", "'Test (label'")
    with pytest.raises(RuleError, match="does not compile"):
        load_rules([_write(tmp_path, body)], builtin=False)


SLUG = """
[[rule]]
id = "TST002"
name = "slug-line"
action = "drop-line"
pattern = '[a-z0-9]+(?:-[a-z0-9]+){5,}'
why = "A test."
examples.drop = ["a-b-c-d-e-f"]
examples.keep = ["A sentence."]
"""


def test_a_rule_the_prefilter_cannot_gate_is_warned_about_naming_file_and_rule(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, SLUG)
    with caplog.at_level("WARNING", logger="cleaner.rules.loader"):
        load_rule_file(path)
        load_rule_file(path)  # the same rule loaded again is not warned about twice
    assert [r.getMessage().split(": ")[:2] for r in caplog.records] == [[str(path), "TST002"]]


@pytest.mark.parametrize("body", [GOOD, SLUG.replace("why =", 'requires = ["-"]\nwhy =')], ids=["literal", "requires"])
def test_a_rule_with_a_literal_or_requires_is_not_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    with caplog.at_level("WARNING", logger="cleaner.rules.loader"):
        load_rule_file(_write(tmp_path, body))
    assert not caplog.records


def test_every_shipped_rule_has_a_prefilter_literal() -> None:
    """Each shipped rule is gated (derived literals or `requires`), so none is tried on every line."""
    from cleaner.rules.loader import ungated

    assert [r.id for r in load_rules().rules if ungated(r)] == []
