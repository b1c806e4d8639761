"""hazm's data without hazm's model stack (archive.hazm_data, issue 15).

The analyzer and the extractor read hazm's word, verb and stop-word lists and conjugate its verbs;
``import hazm`` would also load scikit-learn, scipy, gensim, nltk and fasttext (~125 MB per process).
These tests check that the shared loader gives exactly what hazm gives, that serving the archive
(the wsgi preload, a query) loads none of the model stack, and that the index terms are unchanged.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import hazm
import hazm.utils
import pytest

from archive import hazm_data
from archive.ingest import offices
from archive.search import analysis

ROOT = Path(__file__).resolve().parent.parent
MODEL_STACK = ("sklearn", "scipy", "gensim", "nltk", "fasttext", "hazm")
SEEDS = json.loads((ROOT / "fixtures" / "seeds.json").read_text(encoding="utf-8"))


def test_the_word_lists_are_hazms():
    assert hazm_data.words_list() == hazm.utils.words_list()
    assert hazm_data.verbs_list() == hazm.utils.verbs_list()
    assert hazm_data.stopwords_list() == hazm.utils.stopwords_list()


def test_the_conjugation_is_hazms_for_every_verb():
    ours, theirs = hazm_data.Conjugation(), hazm.Conjugation()
    verbs = hazm.utils.verbs_list()
    assert len(verbs) > 600
    for verb in verbs:
        assert ours.get_all(verb) == theirs.get_all(verb), verb
    assert ours.perfective_past("دید") == ["دیدم", "دیدی", "دید", "دیدیم", "دیدید", "دیدند"]


def test_the_extractor_reads_hazms_data_from_the_same_home():
    assert offices._hazm_data() == hazm_data.data_dir() == Path(hazm.__file__).parent / "data"


def _sample_tokens() -> list[str]:
    """Seed texts' tokens, every 40th word of hazm's list, and conjugated forms of every 10th verb."""
    texts = [
        f"{item['fields'].get('title', '')} {item['fields'].get('body', '')}"
        for item in SEEDS
        if item["model"] == "archive.article"
    ]
    tokens = [word for text in texts for word in analysis.word_list(text)]
    tokens += [word for word, _count, _tags in hazm.utils.words_list()[::40]]
    conjugation = hazm.Conjugation()
    for verb in hazm.utils.verbs_list()[::10]:
        tokens += [part for form in conjugation.get_all(verb) for part in form.split()]
    return sorted(set(tokens))


# What a gunicorn master does before the fork (archive/wsgi.py's preload), then a query parsed as the
# search page parses it (hazm's stop words); prints the model-stack modules loaded and the terms of
# the tokens given on stdin.
SERVE = """
import json, sys
import archive.wsgi
from archive.search.analysis import analyze_word
from archive.search.query import parse_query
parse_query("نقش مردم در توسعه اقتصاد کشور")
tokens = json.load(sys.stdin)
print(json.dumps({
    "loaded": sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:])),
    "terms": {token: list(analyze_word(token)) for token in tokens},
}))
"""


@pytest.fixture(scope="module")
def served():
    """The subprocess's answer for the sample tokens."""
    tokens = _sample_tokens()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ARCHIVE_PRELOAD": "1",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", SERVE, *MODEL_STACK],
        input=json.dumps(tokens),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=True,
    )
    return tokens, json.loads(result.stdout.strip().splitlines()[-1])


def test_serving_loads_no_model_stack(served):
    _tokens, answer = served
    assert answer["loaded"] == []


def test_the_index_terms_are_those_of_a_lexicon_built_with_hazm_imported(served, monkeypatch):
    tokens, answer = served
    # A lexicon built the old way, from hazm's package itself.
    monkeypatch.setattr(hazm_data, "words_list", hazm.utils.words_list)
    monkeypatch.setattr(hazm_data, "verbs_list", hazm.utils.verbs_list)
    monkeypatch.setattr(hazm_data, "Conjugation", hazm.Conjugation)
    with_hazm = analysis.Lexicon()
    monkeypatch.setattr(analysis, "_lexicon", with_hazm)
    expected = {token: list(analysis._analyze_word(token)) for token in tokens}
    assert len(tokens) > 5000 and sum(map(len, expected.values())) > 5000
    assert answer["terms"] == expected
