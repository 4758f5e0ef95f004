"""What each extract rule captures from its own drop examples, value by value.

The rule schema has drop and keep examples but no place for the value a rule should capture, so
an extract rule could remove the right line and still file the wrong date or a truncated author
(GDN012 once kept only the first of two names). Every drop example of every extract rule, and of
every drop-block rule with a `field`, must have its expected captures below.
"""

# ruff: noqa: E501  (the table quotes rule examples verbatim, some longer than a line)
from __future__ import annotations

import dataclasses

import pytest

from cleaner.pipeline import split_lines
from cleaner.rules import Rule, RuleEngine, RuleSet, load_rules

Captures = dict[str, object]

EXPECTED: dict[tuple[str, str], Captures] = {
    (
        "CAP001",
        "in-this-photo-provided-by-ukraines-press-service-soldiers-prepare-a-drill Ukrainian forces pictured during a drill. Alamy Stock Photo Alamy Stock Photo",
    ): {
        "image": {
            "caption": "Ukrainian forces pictured during a drill.",
            "credit": "Alamy Stock Photo",
            "alt": "in-this-photo-provided-by-ukraines-press-service-soldiers-prepare-a-drill",
        }
    },
    ("CAP002", "Zelenskyy pictured during a conference in Paris earlier this month. Alamy Stock Photo"): {
        "image": {
            "caption": "Zelenskyy pictured during a conference in Paris earlier this month.",
            "credit": "Alamy Stock Photo",
        }
    },
    ("CAP002", "Fans celebrate after the match. Photograph: Tom Jenkins/Getty Images"): {
        "image": {"caption": "Fans celebrate after the match.", "credit": "Photograph: Tom Jenkins/Getty Images"}
    },
    (
        "CAP002",
        "FILE PHOTO: A view shows the company logo at its headquarters in Frankfurt, Germany, March 3, 2024. REUTERS/Kai Pfaffenbach/File Photo Purchase Licensing Rights",
    ): {
        "image": {
            "caption": "FILE PHOTO: A view shows the company logo at its headquarters in Frankfurt, Germany, March 3, 2024.",
            "credit": "REUTERS/Kai Pfaffenbach/File Photo",
        }
    },
    ("CAP002", "Wer den Mindestabstand nicht einhalten kann, muss eine Maske tragen. Foto: Swen Pfoertner/dpa"): {
        "image": {
            "caption": "Wer den Mindestabstand nicht einhalten kann, muss eine Maske tragen.",
            "credit": "Foto: Swen Pfoertner/dpa",
        }
    },
    ("CAP002", "The new bridge opened on Monday. Photo: City of Leeds"): {
        "image": {"caption": "The new bridge opened on Monday.", "credit": "Photo: City of Leeds"}
    },
    ("CAP003", "Alamy Stock Photo"): {"image": {"credit": "Alamy Stock Photo"}},
    ("CAP003", "Jane Doe/AFP via Getty Images"): {"image": {"credit": "Jane Doe/AFP via Getty Images"}},
    ("CAP003", "REUTERS/Kevin Lamarque"): {"image": {"credit": "REUTERS/Kevin Lamarque"}},
    ("CAP003", "Photograph: Tom Jenkins/Getty Images"): {"image": {"credit": "Photograph: Tom Jenkins/Getty Images"}},
    ("CAP004", "Image source, Getty Images"): {"image": {"credit": "Getty Images"}},
    ("CAP004", "Image copyright Reuters"): {"image": {"credit": "Reuters"}},
    ("CAP004", "Image source: EPA"): {"image": {"credit": "EPA"}},
    ("CAP007", "Cristina Kirchner y Alberto Fernández, en el Congreso (Foto: Natacha Pisarenko/Pool via REUTERS)."): {
        "image": {
            "caption": "Cristina Kirchner y Alberto Fernández, en el Congreso",
            "credit": "Foto: Natacha Pisarenko/Pool via REUTERS",
        }
    },
    ("CAP007", "The plague wiped out half of Europe in the 14th century (Image: GETTY)"): {
        "image": {"caption": "The plague wiped out half of Europe in the 14th century", "credit": "Image: GETTY"}
    },
    ("CAP007", "Weltspitze der Junioren angekommen. (Foto: Privat)"): {
        "image": {"caption": "Weltspitze der Junioren angekommen.", "credit": "Foto: Privat"}
    },
    ("CAP007", "Radfahren in Salzburg, Hellbrunn © Österreich Werbung / Ulli Cecerle-Uitz"): {
        "image": {"caption": "Radfahren in Salzburg, Hellbrunn", "credit": "Österreich Werbung / Ulli Cecerle-Uitz"}
    },
    ("CAP008", "© Getty Images"): {"image": {"credit": "Getty Images"}},
    ("CAP008", "© Foto: Skoda"): {"image": {"credit": "Foto: Skoda"}},
    ("CAP008", "© Shutterstock"): {"image": {"credit": "Shutterstock"}},
    ("IMG001", "in-this-photo-provided-by-ukraines-press-service-soldiers-prepare-a-drill"): {
        "image": {"alt": "in-this-photo-provided-by-ukraines-press-service-soldiers-prepare-a-drill"}
    },
    ("IMG001", "landscape-tablet-and-medium-wide-browser"): {
        "image": {"alt": "landscape-tablet-and-medium-wide-browser"}
    },
    (
        "IMG002",
        "sloviansk-donetsk-oblast-ukraine-14th-jan-2026-a-building-on-fire A building is seen on fire after a drone strike.",
    ): {
        "image": {
            "caption": "A building is seen on fire after a drone strike.",
            "alt": "sloviansk-donetsk-oblast-ukraine-14th-jan-2026-a-building-on-fire",
        }
    },
    ("MET001", "Updated: 16 January 2026"): {"date_modified": "16 January 2026"},
    ("MET001", "LAST UPDATE | 16 Jan"): {"date_modified": "16 Jan"},
    ("MET001", "Updated 2 hours ago"): {"date_modified": "2 hours ago"},
    ("MET001", "Last updated on Nov. 19, 2019 8:03 am ET"): {"date_modified": "Nov. 19, 2019 8:03 am ET"},
    ("MET002", "Published: 3 March 2024"): {"date_published": "3 March 2024"},
    ("MET002", "Posted on March 3, 2024 at 10:00"): {"date_published": "March 3, 2024 at 10:00"},
    ("MET002", "First published on Tue 3 Mar 2024 09.00 GMT"): {"date_published": "Tue 3 Mar 2024 09.00 GMT"},
    ("MET003", "Nov. 19, 2019 8:03 am ET"): {"date_published": "Nov. 19, 2019 8:03 am ET"},
    ("MET003", "16 January 2026"): {"date_published": "16 January 2026"},
    ("MET003", "Tuesday 13 January 2026 10.45 GMT"): {"date_published": "Tuesday 13 January 2026 10.45 GMT"},
    ("MET003", "2026-01-16"): {"date_published": "2026-01-16"},
    ("MET004", "By Sarah E. Needleman"): {"author": "Sarah E. Needleman"},
    ("MET004", "By Jane Smith and John Doe"): {"author": "Jane Smith and John Doe"},
    ("MET004", "BY JANE SMITH, Associated Press"): {"author": "JANE SMITH, Associated Press"},
    ("AJZ004", "Published On 16 Jan 2024"): {"date_published": "16 Jan 2024"},
    (
        "APN003",
        "Firefighters clear debris from a collapsed barn in Dodge City, Kan., on Tuesday, Jan. 16, 2024. (AP Photo/Jane Doe)",
    ): {
        "image": {
            "caption": "Firefighters clear debris from a collapsed barn in Dodge City, Kan., on Tuesday, Jan. 16, 2024.",
            "credit": "AP Photo/Jane Doe",
        }
    },
    ("APN004", "Updated 3:04 PM EST, January 16, 2024"): {"date_modified": "January 16, 2024"},
    ("APN004", "Published 9:15 AM EDT, June 3, 2025"): {"date_published": "June 3, 2025"},
    ("APN008", "By JANE DOE"): {"author": "JANE DOE"},
    ("APN008", "By MARIA LOPEZ and KIM TRAN"): {"author": "MARIA LOPEZ and KIM TRAN"},
    ("BBC001", "Image source, Getty Images"): {"image": {"credit": "Getty Images"}},
    ("BBC001", "Image source, PA Media"): {"image": {"credit": "PA Media"}},
    ("BBC002", "Image caption, Flood water covered the main street in Hawick on Tuesday"): {
        "image": {"caption": "Flood water covered the main street in Hawick on Tuesday"}
    },
    ("BBC002", "Media caption, Watch: drone footage shows the flooded town"): {
        "image": {"caption": "Watch: drone footage shows the flooded town"}
    },
    ("BBC002", "Image caption Protesters gathered outside parliament on Tuesday"): {
        "image": {"caption": "Protesters gathered outside parliament on Tuesday"}
    },
    ("BBC002", "Media caption Watch: the moment the bridge collapsed"): {
        "image": {"caption": "Watch: the moment the bridge collapsed"}
    },
    ("BBC004", "Getty Images"): {"image": {"credit": "Getty Images"}},
    ("BBC004", "Family handout"): {"image": {"credit": "Family handout"}},
    ("BBC004", "EPA-EFE/REX/Shutterstock"): {"image": {"credit": "EPA-EFE/REX/Shutterstock"}},
    ("BBC006", "Published 16 January 2024"): {"date_published": "16 January 2024"},
    ("BBC006", "Published 3 hours ago"): {"date_published": "3 hours ago"},
    ("BBC009", "BBC News, Glasgow"): {"dateline": "Glasgow"},
    ("BBC009", "BBC Scotland News"): {},
    ("CNN004", "Updated 3:04 PM EST, Tue January 16, 2024"): {"date_modified": "Tue January 16, 2024"},
    ("CNN004", "Published 7:00 AM EDT, Sat June 1, 2024"): {"date_published": "Sat June 1, 2024"},
    ("CNN005", "By Jane Doe, CNN"): {"author": "Jane Doe"},
    ("CNN005", "By Ana Lima and Kim Tran, CNN"): {"author": "Ana Lima and Kim Tran"},
    ("NPR002", "Claire Harbage/NPR"): {"image": {"credit": "Claire Harbage/NPR"}},
    ("NPR002", "Ana Lima/Getty Images"): {"image": {"credit": "Ana Lima/Getty Images"}},
    (
        "NYT006",
        "Residents filled sandbags outside the fire station on Tuesday.Credit...Jane Doe for The New York Times",
    ): {
        "image": {
            "caption": "Residents filled sandbags outside the fire station on Tuesday.",
            "credit": "Jane Doe for The New York Times",
        }
    },
    ("NYT006", "Credit...Ana Lima/Reuters"): {"image": {"credit": "Ana Lima/Reuters"}},
    ("NYT008", "Published Jan. 16, 2024Updated Jan. 17, 2024, 10:04 a.m. ET"): {
        "date_published": "Jan. 16, 2024",
        "date_modified": "Jan. 17, 2024",
    },
    ("NYT008", "Updated Jan. 17, 2024, 10:04 a.m. ET"): {"date_modified": "Jan. 17, 2024"},
    ("NYT009", "Reporting from Houston"): {"dateline": "Houston"},
    ("NYT009", "Reporting from Kyiv, Ukraine"): {"dateline": "Kyiv, Ukraine"},
    (
        "RTR004",
        "[1/3] Workers repair a power line in Kharkiv, Ukraine, January 16, 2024. REUTERS/Jane Doe Purchase Licensing Rights, opens new tab",
    ): {
        "image": {
            "caption": "Workers repair a power line in Kharkiv, Ukraine, January 16, 2024.",
            "credit": "REUTERS/Jane Doe",
        }
    },
    ("RTR007", "January 16, 2024 3:04 PM GMTUpdated 2 hours ago"): {"date_published": "January 16, 2024"},
    ("RTR007", "March 3, 2025 10:12 AM UTC"): {"date_published": "March 3, 2025"},
    ("RTE001", "Updated / Tuesday, 16 Jan 2024 18:01"): {"date_modified": "Tuesday, 16 Jan 2024"},
    ("RTE005", "Crowds gathered at the Spire on Saturday (Image: RollingNews.ie)"): {
        "image": {"caption": "Crowds gathered at the Spire on Saturday", "credit": "RollingNews.ie"}
    },
    ("RTE005", "The Dáil chamber (File image: Oireachtas)"): {
        "image": {"caption": "The Dáil chamber", "credit": "Oireachtas"}
    },
    ("GDN001", "Cranes feed on a restored wetland near Langport. Photograph: Adam Vaughan/The Guardian"): {
        "image": {"caption": "Cranes feed on a restored wetland near Langport.", "credit": "Adam Vaughan/The Guardian"}
    },
    ("GDN001", "The sea wall after the storm Photograph: Ben Stansall/AFP/Getty Images"): {
        "image": {"caption": "The sea wall after the storm", "credit": "Ben Stansall/AFP/Getty Images"}
    },
    ("GDN002", "Photograph: Tom Jenkins/The Guardian"): {"image": {"credit": "Tom Jenkins/The Guardian"}},
    ("GDN010", "Last modified on Tue 16 Jan 2024 18.01 GMT"): {"date_modified": "Tue 16 Jan 2024 18.01 GMT"},
    ("GDN011", "Tue 16 Jan 2024 14.32 GMT"): {"date_published": "Tue 16 Jan 2024 14.32 GMT"},
    ("GDN012", "Helen Carter Environment correspondent"): {"author": "Helen Carter"},
    ("GDN012", "Tom Price and Ama Owusu Political reporters"): {"author": "Tom Price and Ama Owusu"},
    ("TJI003", "LAST UPDATE | 16 Jan"): {"date_modified": "16 Jan"},
    ("TJI003", "LAST UPDATE | 3 Feb 2025 10:04am"): {"date_modified": "3 Feb 2025 10:04am"},
    ("TJI007", "Author\nÓrla Ní Bhriain"): {"author": "Órla Ní Bhriain"},
    ("TJI007", "Author\nJane Murphy"): {"author": "Jane Murphy"},
    ("TJI008", "10.45am, 16 Jan 2026"): {"date_published": "10.45am, 16 Jan 2026"},
    ("TJI008", "7.02pm, 3 February 2025"): {"date_published": "7.02pm, 3 February 2025"},
    ("TJI012", "Volunteers sort donated coats at a community centre in Limerick. Sasko Lazarov/RollingNews.ie"): {
        "image": {
            "caption": "Volunteers sort donated coats at a community centre in Limerick.",
            "credit": "Sasko Lazarov/RollingNews.ie",
        }
    },
    ("TJI012", "The Taoiseach arriving at Government Buildings this morning. Sam Boal"): {
        "image": {"caption": "The Taoiseach arriving at Government Buildings this morning.", "credit": "Sam Boal"}
    },
}

RULES = {r.id: r for r in load_rules().rules}


def _captures(rule: Rule, text: str) -> Captures:
    """Fields and the image a rule alone captures from `text`, as the engine records them."""
    res = RuleEngine(RuleSet((dataclasses.replace(rule, site=None),))).apply(split_lines(text))
    got: Captures = {name: value for name, value, _ in res.fields}
    if res.images:
        image = res.images[0]
        got["image"] = {k: getattr(image, k) for k in ("caption", "credit", "alt") if getattr(image, k) is not None}
    return got


def _capturing(rule: Rule) -> bool:
    return rule.action == "extract" or (rule.action == "drop-block" and rule.field is not None)


def test_every_capturing_example_has_expected_values() -> None:
    examples = {(r.id, ex) for r in RULES.values() if _capturing(r) for ex in r.drop_examples}
    assert examples - EXPECTED.keys() == set(), "drop examples without expected captures"
    assert EXPECTED.keys() - examples == set(), "expected captures for examples that no longer exist"


@pytest.mark.parametrize(("rule_id", "text"), sorted(EXPECTED), ids=lambda v: str(v)[:40])
def test_extract_rule_captures_the_expected_values(rule_id: str, text: str) -> None:
    assert _captures(RULES[rule_id], text) == EXPECTED[(rule_id, text)]
