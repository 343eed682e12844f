"""Plans test data: the seed document and a contract dict built from its gold answer.

The contract dict is built here (not by the parser) so the plans services are
tested on their own: each gold task gets the span of its paragraph in the text.
"""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "docparse" / "data"
SEED_TEXT = (DATA / "haixi-2020-91.txt").read_text(encoding="utf-8")


def seed_contract(text=SEED_TEXT):
    gold = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))
    tasks = []
    for item in gold["tasks"]:
        ordinal = item["key"].split(".")[-1]
        start = text.index(f"{ordinal}{item['title']}")
        end = text.index("\n", start) if "\n" in text[start:] else len(text)
        indicators = []
        for ind in item["indicators"]:
            pos = text.find(ind["text"], start)
            span = [pos, pos + len(ind["text"])] if pos >= 0 else [start, start]
            indicators.append(
                {
                    "subject": ind.get("subject"),
                    "name": ind["name"],
                    "op": ind["op"],
                    "value": ind.get("value"),
                    "value_max": ind.get("value_max"),
                    "unit": ind.get("unit"),
                    "raw": str(ind.get("value") or ""),
                    "text": ind["text"],
                    "deadline": ind.get("deadline"),
                    "span": span,
                }
            )
        tasks.append(
            {
                "key": item["key"],
                "title": item["title"],
                "lead_units": item["lead_units"],
                "co_units": item["co_units"],
                "deadline": item.get("deadline"),
                "span": [start, end],
                "subtasks": [
                    {"key": f"{item['key']}.{i}", "title": s["title"], "span": [start, start]}
                    for i, s in enumerate(item.get("subtasks") or [])
                ],
                "indicators": indicators,
            }
        )
    return {"meta": gold["meta"], "reporting": gold["reporting"], "tasks": tasks}


@pytest.fixture
def seed():
    return {"parsed": seed_contract(), "text": SEED_TEXT}
