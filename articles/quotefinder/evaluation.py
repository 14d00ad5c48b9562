"""
Scoring the quote finder against annotated articles (see evaluation/README.md):
precision, recall and F1 of direct and partial quote spans, exact and overlapping;
kind, speaker and relay accuracy on the exactly found quotes; and the names, titles
and scare quotes wrongly proposed as quotes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.text import fold_for_matching, normalize_name

from .finder import find_quotes
from .gazetteer import Entry, Gazetteer, RoundEntry

SPAN_KINDS = {"direct", "partial"}


def load_gazetteer(path: str | Path) -> Gazetteer:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    names = {actor["slug"]: actor["name"] for actor in data["actors"]}
    entries = [
        Entry(
            slug=actor["slug"],
            name=actor["name"],
            kind=actor["kind"],
            aliases=actor.get("aliases", []),
            country=actor.get("country", ""),
            demonyms=actor.get("demonyms", []),
            roles=[(role, names.get(org, org), None) for role, org in actor.get("roles", [])],
        )
        for actor in data["actors"]
    ]
    rounds = [RoundEntry(slug=r["slug"], name=r["name"], city=r.get("city", "")) for r in data.get("rounds", [])]
    return Gazetteer(entries, rounds)


def _fold(text: str) -> str:
    return fold_for_matching(text.strip())[0]


def speaker_key(*, speaker: str | None, new_speaker: str | None, anonymous: bool, label: str | None) -> str:
    if speaker:
        return speaker
    if new_speaker:
        return "new:" + normalize_name(new_speaker)
    if anonymous:
        return "anonymous"
    return "label:" + normalize_name(label or "")


def relay_key(*, via: str | None, via_label: str | None) -> str | None:
    if via:
        return via
    if via_label:
        return "label:" + via_label.lower()
    return None


@dataclass
class Tally:
    gold: int = 0
    proposed: int = 0
    exact: int = 0
    overlap_gold: int = 0
    overlap_proposed: int = 0
    kind_right: int = 0
    speaker_right: int = 0
    relay_right: int = 0
    names_proposed: list = field(default_factory=list)
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "gold",
            "proposed",
            "exact",
            "overlap_gold",
            "overlap_proposed",
            "kind_right",
            "speaker_right",
            "relay_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.names_proposed += other.names_proposed
        self.misses += other.misses
        self.wrong += other.wrong


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_article(article: dict[str, Any], gazetteer: Gazetteer) -> Tally:
    tally = Tally()
    suggestions = find_quotes(article["headline"], article["body"], gazetteer=gazetteer)
    proposed = [s for s in suggestions if s.kind in SPAN_KINDS]
    gold = [q for q in article["quotes"] if q["kind"] in SPAN_KINDS]
    tally.gold, tally.proposed = len(gold), len(proposed)
    body = article["body"]

    def span_of(quote: dict[str, Any]) -> tuple[int, int] | None:
        if quote.get("in_headline"):
            return None
        found = body.find(quote["text"])
        if found == -1:
            folded, origin = fold_for_matching(body)
            at = folded.find(_fold(quote["text"]))
            return (origin[at], origin[at] + len(quote["text"])) if at != -1 else None
        return found, found + len(quote["text"])

    gold_spans = [span_of(q) for q in gold]
    for quote, span in zip(gold, gold_spans, strict=True):
        exact = next((s for s in proposed if _fold(s.text) == _fold(quote["text"])), None)
        overlapping = exact or next(
            (s for s in proposed if span and not s.in_headline and s.start < span[1] and span[0] < s.end), None
        )
        if overlapping:
            tally.overlap_gold += 1
        if exact is None:
            tally.misses.append(f"{article['slug']}: missed “{quote['text']}”")
            continue
        tally.exact += 1
        tally.kind_right += exact.kind == quote["kind"]
        gold_speaker = speaker_key(
            speaker=quote["speaker"],
            new_speaker=quote.get("new_speaker"),
            anonymous=quote["anonymous"],
            label=quote["speaker_label"],
        )
        found_speaker = speaker_key(
            speaker=exact.speaker_slug,
            new_speaker=exact.new_speaker_name,
            anonymous=exact.anonymous,
            label=exact.speaker_label,
        )
        if gold_speaker == found_speaker:
            tally.speaker_right += 1
        else:
            tally.wrong.append(
                f"{article['slug']}: speaker of “{quote['text'][:40]}”: {found_speaker} ≠ {gold_speaker}"
            )
        gold_relay = relay_key(via=quote["via"], via_label=quote.get("via_label"))
        found_relay = relay_key(via=exact.via_slug, via_label=exact.via_label if exact.via is None else "")
        if gold_relay == found_relay:
            tally.relay_right += 1
        else:
            tally.wrong.append(f"{article['slug']}: relay of “{quote['text'][:40]}”: {found_relay} ≠ {gold_relay}")
    for suggestion in proposed:
        if suggestion.in_headline:
            hit = any(_fold(q["text"]) == _fold(suggestion.text) for q in gold)
        else:
            hit = any(span and suggestion.start < span[1] and span[0] < suggestion.end for span in gold_spans)
            hit = hit or any(_fold(q["text"]) == _fold(suggestion.text) for q in gold)
        tally.overlap_proposed += hit
        if not hit:
            tally.wrong.append(f"{article['slug']}: proposed “{suggestion.text[:50]}” ({suggestion.kind})")
    for name in article.get("not_quotes", []):
        if any(_fold(name) in _fold(s.text) for s in suggestions):
            tally.names_proposed.append(f"{article['slug']}: “{name}”")
    return tally


def evaluate(directory: str | Path) -> dict[str, Any]:
    directory = Path(directory)
    gazetteer = load_gazetteer(directory / "gazetteer.json")
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((directory / "articles").glob("*.json"))]
    total = Tally()
    per_article = []
    for article in articles:
        tally = score_article(article, gazetteer)
        per_article.append((article["slug"], tally))
        total.add(tally)
    exact_p, exact_r = _ratio(total.exact, total.proposed), _ratio(total.exact, total.gold)
    overlap_p, overlap_r = _ratio(total.overlap_proposed, total.proposed), _ratio(total.overlap_gold, total.gold)
    return {
        "articles": len(articles),
        "gold_quotes": total.gold,
        "proposed_quotes": total.proposed,
        "exact": {"precision": exact_p, "recall": exact_r, "f1": _f1(exact_p, exact_r)},
        "overlap": {"precision": overlap_p, "recall": overlap_r, "f1": _f1(overlap_p, overlap_r)},
        "kind_accuracy": _ratio(total.kind_right, total.exact),
        "speaker_accuracy": _ratio(total.speaker_right, total.exact),
        "relay_accuracy": _ratio(total.relay_right, total.exact),
        "names_proposed_as_quotes": total.names_proposed,
        "misses": total.misses,
        "errors": total.wrong,
        "per_article": [
            {
                "article": slug,
                "gold": t.gold,
                "proposed": t.proposed,
                "exact": t.exact,
                "speaker": t.speaker_right,
                "relay": t.relay_right,
            }
            for slug, t in per_article
        ],
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [
        "# Quote finder evaluation",
        "",
        f"{report['articles']} annotated articles, {report['gold_quotes']} direct and partial quotes, "
        f"{report['proposed_quotes']} proposed.",
        "",
        "| measure | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for name in ("exact", "overlap"):
        row = report[name]
        lines.append(f"| spans, {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |")
    lines += [
        "",
        "| accuracy on exactly found quotes | value |",
        "|---|---|",
        f"| kind (direct / partial) | {report['kind_accuracy']:.3f} |",
        f"| speaker | {report['speaker_accuracy']:.3f} |",
        f"| relay | {report['relay_accuracy']:.3f} |",
        f"| names, titles and scare quotes proposed as quotes | {len(report['names_proposed_as_quotes'])} |",
        "",
        "## Per article",
        "",
        "| article | gold | proposed | exact | speaker right | relay right |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["per_article"]:
        lines.append(
            f"| {row['article']} | {row['gold']} | {row['proposed']} | {row['exact']} | {row['speaker']} | "
            f"{row['relay']} |"
        )
    lines += ["", "## Misses and errors", ""]
    problems = report["misses"] + report["errors"] + report["names_proposed_as_quotes"]
    lines += [f"- {problem}" for problem in problems] or ["None."]
    return "\n".join(lines) + "\n"
