"""`--explain`: the input with each removed span marked by the rule that removed it."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from cleaner.model import Article, Document

CATEGORY_STYLES = {
    "metadata": "cyan",
    "captions": "magenta",
    "donation": "red",
    "video": "yellow",
    "ads": "red",
}


def explain(article: Article, doc: Document, *, color: bool | None = None) -> None:
    """Print the cleaned document as a reviewable diff; colour only on a terminal."""
    console = Console(no_color=color is False, highlight=False, soft_wrap=True)
    by_line = {r.line: r for r in (*article.removed, *article.extracted)}
    console.print(
        Text(
            f"{doc.source or '<text>'}: {len(article.removed)} removed, "
            f"{len(article.extracted)} moved to metadata, site={article.site or '-'}",
            style="bold",
        )
    )
    width = max((len(r.rule) for r in by_line.values()), default=6) + 1
    for r in sorted(by_line.values(), key=lambda r: r.line):
        style = CATEGORY_STYLES.get(r.category, "red")
        head = Text(f"{r.line:>5} ", style="dim")
        head.append(f"{r.rule:<{width}}", style=f"bold {style}")
        head.append(f"{r.category:<10} ", style=style)
        first, *rest = r.text.split("\n")
        head.append(first[:160] + ("…" if len(first) > 160 else ""), style=f"{style} strike" if not r.field else style)
        if r.field:
            head.append(f"  → {r.field}", style="bold cyan")
        console.print(head)
        if r.category == "learned" and r.why:  # glue (helper `learned`): the model's reason, in words
            console.print(Text(f"{'':>{width + 17}}{r.why}", style="dim"))
        if rest:
            console.print(Text(f"{'':>{width + 17}}… +{len(rest)} more line(s) in this block", style="dim"))
    console.print(Text(f"body: {len(article.body)} chars kept of {article.input_chars}", style="bold green"))
