"""hazm's word lists and verb conjugation, without hazm's model stack.

``import hazm`` runs ``hazm/__init__.py``, which imports its taggers, parsers and embeddings and
with them scikit-learn, scipy, gensim, nltk and fasttext (~125 MB per process) although the archive
only reads hazm's data files (``words.dat``, ``verbs.dat``, ``stopwords.dat``) and conjugates its
verbs. This module is the one place that finds and reads them, for the search analyzer
(:mod:`archive.search.analysis`, :mod:`archive.search.query`) and the extractor
(:mod:`archive.ingest.offices`), using hazm's own code and never executing ``hazm/__init__.py``:

- :func:`words_list`, :func:`verbs_list`, :func:`stopwords_list` are hazm's ``hazm/utils.py``
  (which imports only the standard library), loaded from its file under a private module name;
- :class:`Conjugation` is hazm's class, compiled from ``hazm/lemmatizer.py``'s source alone
  (that module's own imports would run ``hazm/__init__.py``; the class uses none of them).

Nothing here imports Django. ``tests/test_hazm_data.py`` checks both against hazm itself.
"""

import ast
import functools
import importlib.util
import sys
from pathlib import Path

# hazm's tags of function words: preposition, conjunction, pronoun, determiner, adverb, classifier.
FUNCTION_TAGS = frozenset({"P", "CONJ", "PRO", "DET", "ADV", "CL"})


@functools.lru_cache(maxsize=1)
def package_dir() -> Path | None:
    """The installed hazm package's directory (found without importing it), or None."""
    spec = importlib.util.find_spec("hazm")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    for entry in sys.path:  # a namespace-less install the finder did not report
        candidate = Path(entry) / "hazm"
        if (candidate / "data" / "verbs.dat").exists():
            return candidate
    return None


def data_dir() -> Path | None:
    """hazm's data directory (``words.dat``, ``verbs.dat``, ``stopwords.dat``), or None."""
    package = package_dir()
    if package is None or not (package / "data" / "verbs.dat").exists():
        return None
    return package / "data"


def _required_package_dir() -> Path:
    package = package_dir()
    if package is None:
        raise ImportError("hazm is not installed (pip install hazm==0.10.0): its word lists are needed")
    return package


@functools.lru_cache(maxsize=1)
def _utils():
    """hazm's ``utils`` module, executed from its file without its package's ``__init__``."""
    path = _required_package_dir() / "utils.py"
    spec = importlib.util.spec_from_file_location("archive._hazm_utils", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def words_list():
    """hazm's word list: ``(word, frequency, tags)`` for each entry (``hazm.utils.words_list``)."""
    return _utils().words_list()


def verbs_list():
    """hazm's verbs as ``past#present`` stems (``hazm.utils.verbs_list``)."""
    return _utils().verbs_list()


def stopwords_list():
    """hazm's stop words, sorted (``hazm.utils.stopwords_list``)."""
    return _utils().stopwords_list()


@functools.lru_cache(maxsize=1)
def _conjugation_class():
    """hazm's ``Conjugation`` class, compiled from ``hazm/lemmatizer.py`` alone.

    The class needs nothing from its module but ``typing.List`` (its annotations); the module's other
    imports (``Stemmer``, ``WordTokenizer`` from the hazm package) are what would load the model stack.
    """
    path = _required_package_dir() / "lemmatizer.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Conjugation"]
    if len(classes) != 1:
        raise ImportError(f"no Conjugation class in {path}")
    module = ast.Module(body=classes, type_ignores=[])
    namespace = {"__name__": "archive._hazm_lemmatizer", "List": list}
    exec(compile(module, str(path), "exec"), namespace)
    return namespace["Conjugation"]


def Conjugation():
    """A ``hazm.Conjugation`` (``get_all("دید#بین")`` and the other tenses), without importing hazm."""
    return _conjugation_class()()
