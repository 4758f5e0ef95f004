"""Batch templates: counting, guards, rule files, the template stage, and the CLI around them."""

from __future__ import annotations

import json
from pathlib import Path

import regex

from cleaner.pipeline import Cleaner, split_lines
from cleaner.rules.engine import RuleEngine
from cleaner.rules.schema import RuleSet, load_rules
from cleaner.templates.counts import Page, TemplateCounts
from cleaner.templates.guards import headline_hashes
from cleaner.templates.learner import LearnOptions, learn
from cleaner.templates.normalise import literal_pattern, normalise
from cleaner.templates.rulefile import write_rules
from tests.batch_support import run_cli

CHROME = ["Home", "World", "Business", "Sport", "Sign in to comment", "Follow us on Twitter: 12 new posts"]
FOOTER = ["Terms of use", "Privacy policy", "Copyright 2024 Example Media Ltd"]
WORDS = [
    "harbour",
    "council",
    "budget",
    "river",
    "school",
    "station",
    "museum",
    "bridge",
    "market",
    "garden",
    "tunnel",
    "ferry",
]


def article(n: int) -> list[str]:
    """Article lines unique to page n (no digits: digits fold, letters do not)."""
    tag = "".join(chr(ord("a") + int(d)) for d in str(n))
    return [
        f"The {WORDS[n % 12]} plan {tag} was approved after a long debate in the hall.",
        f"Residents of {tag} said they welcomed the decision about the {WORDS[(n + 3) % 12]}.",
        f"Work on the {WORDS[(n + 5) % 12]} {tag} will start in spring and take two years.",
    ]


def page_text(n: int, extra: list[str] | None = None) -> str:
    """A page of example.com: chrome, a count that changes per page, the article, a footer."""
    chrome = [*CHROME[:-1], CHROME[-1].replace("12", str(n + 3))]
    return "\n".join([*chrome, "", *article(n), *(extra or []), "", *FOOTER])


def counted(pages: list[str], group: str = "example.com", **kw: object) -> TemplateCounts:
    counts = TemplateCounts(**kw)  # type: ignore[arg-type]
    for text in pages:
        counts.add(Page(group, text.split("\n")))
    return counts


def learned_texts(counts: TemplateCounts, opts: LearnOptions | None = None) -> set[str]:
    out: set[str] = set()
    for site in learn(counts, opts):
        out.update(x.text for x in site.lines)
        out.update(x.text for run in site.runs for x in run)
    return out


def test_pattern_matches_exactly_the_lines_of_the_same_normal_form() -> None:
    pattern = regex.compile(literal_pattern("Updated  12:05 (GMT) +1"))
    assert normalise("Updated 9:41 (GMT) +3") == normalise("Updated  12:05 (GMT) +1")
    assert pattern.fullmatch("Updated 9:41 (GMT) +3")
    assert not pattern.fullmatch("Updated 9:41 (BST) +3")
    assert not pattern.fullmatch("He said it was Updated 9:41 (GMT) +3 today")


def test_recurring_lines_are_learned_and_article_lines_are_not() -> None:
    texts = learned_texts(counted([page_text(n) for n in range(8)]))
    assert {"Home", "Terms of use", "Copyright 2024 Example Media Ltd"} <= texts
    # The count differs on every page; digits fold, so the line is learned from one page's sample.
    assert any(regex.fullmatch(r"Follow us on Twitter: \d+ new posts", t) for t in texts)
    assert not any(line in texts for n in range(8) for line in article(n))


def test_a_site_with_fewer_pages_than_the_minimum_learns_nothing() -> None:
    assert learned_texts(counted([page_text(n) for n in range(4)])) == set()
    assert learned_texts(counted([page_text(n) for n in range(4)]), LearnOptions(min_pages=4))


def test_a_line_repeated_within_one_page_counts_once() -> None:
    quote = "We will not give up on this harbour, she said."
    pages = [page_text(n, [quote] * 6 if n == 0 else None) for n in range(8)]
    assert quote not in learned_texts(counted(pages))
    assert quote in learned_texts(counted(pages, once_per_page=False))


def test_a_headline_listed_on_other_pages_is_never_learned() -> None:
    headline = "Harbour plan approved after long debate"
    url = "https://example.com/news/harbour-plan-approved-after-long-debate"
    counts = TemplateCounts()
    for n in range(8):
        lines = page_text(n, ["Most read", headline]).split("\n")
        heads = headline_hashes(lines, url if n == 0 else f"https://example.com/news/story-number-{n}")
        counts.add(Page("example.com", lines, heads))
    assert headline not in learned_texts(counts)
    assert headline in learned_texts(counts, LearnOptions(guard_headline=False))


def test_prose_needs_more_support_than_chrome() -> None:
    prose = "Our journalism is funded by readers like you, and every contribution keeps it free."
    pages = [page_text(n, [prose] if n < 4 else None) for n in range(10)]  # on 40% of pages
    assert prose not in learned_texts(counted(pages))
    assert prose in learned_texts(counted(pages), LearnOptions(guard_prose=False))
    often = [page_text(n, [prose] if n < 7 else None) for n in range(10)]  # on 70%
    assert prose in learned_texts(counted(often))


def test_memory_cap_holds_and_chrome_survives_the_pruning() -> None:
    counts = TemplateCounts(max_entries=400)
    for n in range(300):
        counts.add(Page(f"site{n % 3}.com", page_text(n).split("\n")))
        assert counts.entries <= 400
    assert counts.prunes > 0
    assert {"Home", "Privacy policy"} <= learned_texts(counts)


def test_counts_merged_from_parts_learn_what_one_pass_learns() -> None:
    pages = [page_text(n) for n in range(12)]
    whole = counted(pages)
    merged = counted(pages[:6])
    merged.merge(counted(pages[6:]))
    assert merged.groups["example.com"].lines == whole.groups["example.com"].lines
    assert learned_texts(merged) == learned_texts(whole)


def test_rule_files_load_scope_to_their_site_and_their_examples_hold(tmp_path: Path) -> None:
    written = write_rules(learn(counted([page_text(n) for n in range(8)])), tmp_path)
    assert [w.path.name for w in written] == ["example.com.toml"]
    rules = load_rules([tmp_path], builtin=False)
    assert rules.rules and all(r.id.startswith("TPL-EXAMPLE.COM-") for r in rules.rules)
    assert {r.category for r in rules.rules} == {"template"} and {r.site for r in rules.rules} == {"example.com"}
    assert "provenance = { pages = 8, support = 8, learned = " in written[0].path.read_text()
    engine = RuleEngine(RuleSet(rules.rules, rules.sites))
    for rule in rules.rules:
        dropped = engine.apply(split_lines(rule.drop_examples[0]), ["example.com"])
        assert all(k is None or not k.strip() for k in dropped.kept), rule.id
        assert not engine.apply(split_lines(rule.keep_examples[0]), ["example.com"]).removed, rule.id


def test_learned_rules_run_after_the_shipped_ones_only_on_their_site(tmp_path: Path, default_cleaner: Cleaner) -> None:
    write_rules(learn(counted([page_text(n) for n in range(8)])), tmp_path)
    cleaner = Cleaner(load_rules([tmp_path]))
    text = page_text(20)
    art = cleaner.clean(text, url="https://www.example.com/news/x")
    template = [r for r in art.removed if r.category == "template"]
    # "World", not "Home": a lone "Home" is a shipped rule's (NAV017), which runs first.
    assert "World" in {line for r in template for line in r.text.split("\n")}
    assert all(r.rule.startswith("TPL-") for r in template)
    # A line a shipped rule knows keeps that rule's id: the learned ones run after it.
    shipped = {r.text: r.category for r in art.removed if r.category != "template"}
    assert shipped.get("Terms of use") == "footer"
    assert "World" not in art.body.split("\n") and article(20)[0] in art.body
    other = cleaner.clean(text, url="https://other.org/news/x")
    assert not [r for r in other.removed if r.category == "template"]
    assert other.body == default_cleaner.clean(text, url="https://other.org/news/x").body


def _write_site_batch(path: Path, sites: int, pages_per_site: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for s in range(sites):
            for n in range(pages_per_site):
                i = s * pages_per_site + n
                url = f"https://site{s}.example/news/story-{i}"
                fh.write(json.dumps({"id": f"d{i}", "url": url, "text": page_text(i)}) + "\n")
    return path


def test_learn_cli_writes_one_file_per_site_and_prints_the_table(tmp_path: Path) -> None:
    src = _write_site_batch(tmp_path / "in.jsonl", sites=2, pages_per_site=6)
    res = run_cli("learn", str(src), "-o", str(tmp_path / "rules"))
    assert res.returncode == 0, res.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "rules").iterdir()) == ["site0.example.toml", "site1.example.toml"]
    table = res.stderr.decode()
    assert "site0.example" in table and "pages" in table and "chars" in table


def test_learn_cli_refuses_stdin_in_one_line(tmp_path: Path) -> None:
    res = run_cli("learn", "-", "-o", str(tmp_path / "rules"), stdin=b'{"text": "x"}\n')
    assert res.returncode == 2
    assert res.stderr.decode().count("\n") == 1 and "stdin" in res.stderr.decode()


def test_batch_learn_removes_templates_and_counts_them_per_site(tmp_path: Path) -> None:
    src = _write_site_batch(tmp_path / "in.jsonl", sites=1, pages_per_site=6)
    out, rules = tmp_path / "out", tmp_path / "kept-rules"
    res = run_cli("batch", str(src), "-o", str(out), "--learn", "--learn-out", str(rules), "-j", "1")
    assert res.returncode == 0, res.stderr.decode()
    record = json.loads(next((out / "in.jsonl").glob("*.json")).read_text())
    assert any(r["category"] == "template" for r in record["removed"])
    report = json.loads((out / "report.json").read_text())
    assert report["summary"]["template_removed_by_site"]["site0.example"] > 0
    assert report["templates"]["sites"]["site0.example"]["pages"] == 6
    assert (rules / "site0.example.toml").is_file()


def test_batch_learn_changes_nothing_on_mixed_single_page_sites(tmp_path: Path) -> None:
    # Twelve sites, one page each, all sharing the same chrome lines (as wire copy and shared CMSs do).
    src = _write_site_batch(tmp_path / "in.jsonl", sites=12, pages_per_site=1)
    plain = run_cli("batch", str(src), "--jsonl", str(tmp_path / "plain.jsonl"), "-j", "1")
    learned = run_cli(
        "batch", str(src), "--jsonl", str(tmp_path / "learn.jsonl"), "--learn", "--learn-out", str(tmp_path / "r")
    )
    assert plain.returncode == learned.returncode == 0, learned.stderr.decode()
    assert not list((tmp_path / "r").glob("*.toml"))
    bodies = [
        [json.loads(x)["articleBody"] for x in (tmp_path / n).read_text().splitlines()]
        for n in ("plain.jsonl", "learn.jsonl")
    ]
    assert bodies[0] == bodies[1]


def test_ids_that_only_look_like_urls_group_nothing() -> None:
    from cleaner.templates.collect import url_host

    assert url_host("hard::haitiantimes.com-family.html") is None
    assert url_host("https://www.bbc.co.uk/news/x") == "bbc.co.uk"


def test_each_template_era_is_learned_where_pooling_would_dilute_it() -> None:
    from cleaner.sites import SiteDetector
    from cleaner.templates.collect import Collector, Grouping

    def era_counts(era: str) -> TemplateCounts:
        collector = Collector(SiteDetector(()), grouping=Grouping(era=era))
        for year in range(2010, 2014):  # four templates, five pages each: each era's chrome on 25%
            for n in range(5):
                i = (year - 2010) * 5 + n
                design = ["plain", "bold", "slim", "wide"][year - 2010]  # letters: digits would fold
                text = "\n".join([f"Archive menu of the {design} design", *article(i)])
                collector.add({"url": f"https://example.com/{year}/05/story-{i}", "text": text})
        return collector.result.counts

    assert "Archive menu of the bold design" in learned_texts(era_counts("year"))
    assert not any("Archive menu" in t for t in learned_texts(era_counts("none")))


def test_sites_whose_tags_collide_still_get_unique_ids(tmp_path: Path) -> None:
    pages = [page_text(n) for n in range(6)]
    counts = counted(pages, group="a_b.example")
    counts.merge(counted(pages, group="a-b.example"))
    assert len(write_rules(learn(counts), tmp_path)) == 2
    ids = [r.id for r in load_rules([tmp_path], builtin=False).rules]  # raises on a duplicate id
    assert len(ids) == len(set(ids))


def test_lookup_path_removes_what_the_rule_engine_removes(tmp_path: Path) -> None:
    from cleaner.templates.stage import TemplateEngine, literal_forms

    write_rules(learn(counted([page_text(n) for n in range(8)])), tmp_path)
    rules = load_rules([tmp_path], builtin=False)
    assert all(literal_forms(r) for r in rules.rules)  # untouched learned rules take the lookup path
    lines = split_lines(page_text(30, ["Home", "Home is where the harbour is."]))
    fast, _warnings = TemplateEngine(rules).propose(lines, ["example.com"])
    slow = RuleEngine(rules).apply(lines, ["example.com"]).proposals
    assert fast and set(fast) == set(slow)


def test_an_edited_learned_rule_still_applies_through_the_engine(tmp_path: Path) -> None:
    from cleaner.templates.stage import TemplateEngine

    write_rules(learn(counted([page_text(n) for n in range(8)])), tmp_path)
    path = tmp_path / "example.com.toml"
    text = path.read_text()
    assert "(?:Sport)" in text  # the menu run's block rule
    path.write_text(text.replace("(?:Sport)", "(?:(?i:sport))"))
    proposals, _warnings = TemplateEngine(load_rules([tmp_path], builtin=False)).propose(
        ["SPORT", "An article line about the harbour."], ["example.com"]
    )
    assert [p.drop for p in proposals] == [(0,)]


def test_on_the_mixed_tf_and_sh_pages_nothing_is_learned(tmp_path: Path, default_cleaner: Cleaner) -> None:
    from cleaner.io.readers import FieldNames
    from cleaner.templates.run import learn_batch
    from tests.conftest import require_corpus

    corpus = require_corpus()
    src = tmp_path / "mixed.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for page in sorted([*(corpus / "tf").iterdir(), *(corpus / "sh").iterdir()]):
            gold = json.loads((page / "gold.json").read_text("utf-8"))
            text = (page / "fulltext.txt").read_text("utf-8")
            fh.write(json.dumps({"id": page.name, "url": gold.get("url"), "text": text}) + "\n")
    run = learn_batch([str(src)], default_cleaner.detector, tmp_path / "rules", fields=FieldNames())
    assert run.written == [] and not any(s.rule_count for s in run.sites)
