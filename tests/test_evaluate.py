"""kg evaluate on a small gold of its own: what counts as a hit, a miss and a trap."""

from __future__ import annotations

import json
from pathlib import Path

from kg.evaluate import evaluate

TEXT = (
    "Aljazair Tuding Maroko\n\n"
    "Kementerian Luar Negeri Aljazair menyebut serangan itu sebagai \"pembunuhan yang "
    "ditargetkan\" dan menegaskan ketiga korban adalah sopir truk sipil.\n"
)
ENTITIES = {
    "algeria": {"type": "State", "aliases": ["Aljazair"]},
    "morocco": {"type": "State", "aliases": ["Maroko"]},
    "dz_mofa": {"type": "Agency", "aliases": ["Kementerian Luar Negeri Aljazair"]},
}


def _report(tmp_path: Path, traps: list[dict]):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = {
        "entities": ENTITIES,
        "documents": {
            "a.txt": {
                "entities": {"required": ["algeria", "morocco", "dz_mofa"], "optional": []},
                "relations": [],
                "extended": [
                    {"rel": "claims", "subject": ["dz_mofa"],
                     "evidence": "menegaskan ketiga korban adalah sopir truk sipil"},
                ],
                "traps": traps,
            }
        },
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return evaluate(tmp_path / "gold.json", tmp_path)


def test_evaluate_claim_beside_an_evaluation_hits_no_trap_on_the_evaluation(
        tmp_path: Path) -> None:
    report = _report(tmp_path, [{"rel": "claims", "subject": "dz_mofa",
                                 "evidence": "pembunuhan yang ditargetkan"}])
    assert report.relations["claims"].tp == 1
    assert report.traps_hit == []


def test_evaluate_trap_on_the_claim_s_own_words_is_hit(tmp_path: Path) -> None:
    report = _report(tmp_path, [{"rel": "claims", "subject": "dz_mofa",
                                 "evidence": "ketiga korban adalah sopir truk sipil"}])
    assert len(report.traps_hit) == 1


def test_evaluate_lists_missed_entities_in_the_same_order_on_every_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    missing = [f"nowhere_{i:02d}" for i in range(20)]  # no article names them
    gold = {
        "entities": {key: {"type": "State", "aliases": [key]} for key in missing},
        "documents": {"a.txt": {"entities": {"required": missing[::-1], "optional": []},
                                "relations": [], "extended": [], "traps": []}},
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate(tmp_path / "gold.json", tmp_path)
    assert report.misses == [f"a.txt: entity {key} (State)" for key in missing]
