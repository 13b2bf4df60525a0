"""Labelled paragraphs for training and evaluation: the project's own data plus labels over shared text.

Sources (see training/README.md):
- `training/data/team_*.jsonl`: articles written and labelled by the team (all four labels);
- `training/data/wikinews_labels.jsonl`: labels by article id and paragraph index over the German
  Wikinews quotation corpus; the text is joined from `../shared/data/de-wikinews-quotes` when present
  (the project never stores it) and each join is verified against the stored sha1;
- CheckThat! `train_de.tsv` (SUBJ/OBJ) as extra `editorializing` examples, `ct2023_dev_de.tsv` as a
  dev set that is only ever evaluated on.

The held-out split is fixed: a seeded hash of the article id sends one article in five to held-out,
so adding data never moves an article between splits. No tuning reads it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from biasscan.categories import CATEGORIES

SPLIT_SEED = "biasscan-heldout-v1"
HELDOUT_EVERY = 5


@dataclass(slots=True, frozen=True)
class Example:
    uid: str  # "<doc>#<index>"
    doc: str
    style: str
    text: str
    index: int
    n_paragraphs: int
    labels: dict[str, int | None]  # None = not labelled for this category (CheckThat: only editorializing)
    subtype: str | None
    hard: tuple[str, ...]
    origin: str  # team | wikinews | checkthat


def default_data_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "training" / "data"


def default_shared_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def wikinews_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def wikinews_articles(corpus_dir: Path) -> dict[tuple[str, str], str]:
    """(split, doc_file) -> article text of the Wikinews quotation corpus, read in place."""
    texts: dict[tuple[str, str], str] = {}
    for split in ("train", "dev", "test"):
        path = corpus_dir / f"{split}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    texts[(split, row["doc_file"])] = row["text"]
    return texts


def _sha12(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_team(data_dir: Path) -> list[Example]:
    examples = []
    for path in sorted(data_dir.glob("team_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            article = json.loads(line)
            paragraphs = article["paragraphs"]
            for i, p in enumerate(paragraphs):
                labels = {c: int(c in p["labels"]) for c in CATEGORIES}
                examples.append(Example(
                    f"{article['doc']}#{i}", article["doc"], article.get("style", "unknown"), p["text"], i,
                    len(paragraphs), labels, p.get("subtype"), tuple(p.get("hard") or ()), "team",
                ))
    return examples


def load_wikinews(data_dir: Path, shared_dir: Path, log: list[str]) -> list[Example]:
    labels_path = data_dir / "wikinews_labels.jsonl"
    corpus_dir = shared_dir / "de-wikinews-quotes"
    if not labels_path.exists():
        return []
    if not corpus_dir.is_dir():
        log.append(f"Wikinews text not found at {corpus_dir}: its {labels_path.name} labels are skipped")
        return []
    texts = wikinews_articles(corpus_dir)
    examples, mismatched = [], 0
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = texts.get((row["split"], row["doc_file"]))
        if text is None:
            mismatched += 1
            continue
        paragraphs = wikinews_paragraphs(text)
        i = row["paragraph"]
        if i >= len(paragraphs) or _sha12(paragraphs[i]) != row["sha1"]:
            mismatched += 1
            continue
        labels = {c: int(c in row["labels"]) for c in CATEGORIES}
        doc = "wikinews:" + row["doc_file"]
        examples.append(Example(f"{doc}#{i}", doc, "wikinews", paragraphs[i], i, len(paragraphs), labels,
                                row.get("subtype"), tuple(row.get("hard") or ()), "wikinews"))
    if mismatched:
        log.append(f"{mismatched} Wikinews labels did not match the shared text (changed corpus?) and were skipped")
    return examples


def load_checkthat(shared_dir: Path, split: str, log: list[str]) -> list[Example]:
    """CheckThat! German subjectivity sentences as single-paragraph editorializing examples."""
    name = {"train": "train_de.tsv", "dev": "ct2023_dev_de.tsv"}[split]
    path = shared_dir / "checkthat-subj-de" / name
    if not path.exists():
        log.append(f"CheckThat! {name} not found at {path.parent}: skipped")
        return []
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            labels: dict[str, int | None] = dict.fromkeys(CATEGORIES, None)
            labels["editorializing"] = int(row["label"].strip() == "SUBJ")
            doc = f"checkthat-{split}:{row['sentence_id']}"
            # A lone sentence: a one-paragraph document, so it carries no position features.
            examples.append(Example(f"{doc}#0", doc, "checkthat", row["sentence"], 0, 1, labels, None, (), "checkthat"))
    return examples


def is_heldout_doc(doc: str) -> bool:
    """A fixed, seeded hash decides per article: adding data never moves an article between splits."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{doc}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % HELDOUT_EVERY == 0


def heldout_docs(examples: list[Example]) -> set[str]:
    """One article in five of the project's own data (team and Wikinews), decided by `is_heldout_doc`.

    Deciding per article by hash keeps the split stable as data is added and stratifies in expectation
    over outlet styles and labels; whole articles move together, so no held-out paragraph's neighbours
    are trained on.
    """
    return {ex.doc for ex in examples if ex.origin in ("team", "wikinews") and is_heldout_doc(ex.doc)}


@dataclass(slots=True)
class Dataset:
    train: list[Example]
    heldout: list[Example]
    checkthat_dev: list[Example]
    data_sha256: str
    log: list[str]


def data_hash(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.jsonl")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load_dataset(data_dir: Path | None = None, shared_dir: Path | None = None) -> Dataset:
    data_dir = data_dir or default_data_dir()
    shared_dir = shared_dir or default_shared_dir()
    if not any(data_dir.glob("team_*.jsonl")):
        from biasscan.errors import UsageError

        raise UsageError(f"{data_dir}: no team_*.jsonl training files")
    log: list[str] = []
    own = load_team(data_dir) + load_wikinews(data_dir, shared_dir, log)
    held = heldout_docs(own)
    train = [e for e in own if e.doc not in held] + load_checkthat(shared_dir, "train", log)
    heldout = [e for e in own if e.doc in held]
    return Dataset(train, heldout, load_checkthat(shared_dir, "dev", log), data_hash(data_dir), log)
