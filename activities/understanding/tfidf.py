"""TF-IDF over word or character n-grams in numpy, with the sparse products the lexical view needs.

The lexical view of a turn (`classifier.py`) compares it with the policy's examples and each query type's
centroid over TF-IDF vectors. scikit-learn's `TfidfVectorizer` and scipy's sparse matrices did it before;
importing them cost the worker ~76 MiB of resident memory and the install ~190 MB (issue 18). This is the same
arithmetic with this project's settings: lower-cased text; `word` n-grams of whitespace tokens (`\\S+`) or
`char_wb` n-grams of each space-padded word; a vocabulary sorted by term; smoothed idf ln((1+n)/(1+df)) + 1;
sublinear tf 1 + ln(count); rows scaled to unit length. `tests/understanding/test_linear.py` checks it equal to
scikit-learn's within 1e-12.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class SparseRows:
    """Rows of a sparse matrix (CSR: `indptr`, `indices` sorted within a row, `data`) `width` columns wide."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    width: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of row `i`."""
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.indices[a:b], self.data[a:b]

    def toarray(self) -> np.ndarray:
        dense = np.zeros((self.n_rows, self.width))
        dense[np.repeat(np.arange(self.n_rows), np.diff(self.indptr)), self.indices] = self.data
        return dense

    def dot(self, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """Every row's dot product with the sparse vector (`cols`, sorted; `vals`): one dense value per row.

        Read through the columns (`_by_column`): only the entries in `cols`, not a pass over every entry. Each
        row's products are added in the same order as row by row (its columns ascending), so the sums are the
        same to the bit."""
        if len(cols) == 0 or len(self.data) == 0:
            return np.zeros(self.n_rows)
        by_col, rows, data = self._by_column
        start, stop = np.searchsorted(by_col, cols), np.searchsorted(by_col, cols, side="right")
        counts = stop - start
        at = np.arange(counts.sum()) + np.repeat(start - np.cumsum(counts) + counts, counts)
        weights = data[at] * np.repeat(vals, counts)
        return np.bincount(rows[at], weights=weights, minlength=self.n_rows).astype(np.float64)

    @cached_property
    def _by_column(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(column, row, value) of every entry, by column and within a column by row."""
        order = np.argsort(self.indices, kind="stable")
        rows = np.repeat(np.arange(self.n_rows), np.diff(self.indptr))
        return self.indices[order], rows[order], self.data[order]

    @staticmethod
    def from_entries(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, width: int) -> SparseRows:
        """From (row, column, value) entries, each (row, column) at most once."""
        order = np.lexsort((cols, rows))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_rows))])
        return SparseRows(indptr, cols[order].astype(np.int64), vals[order].astype(np.float64), width)


def unit_rows(parts: Iterable[tuple[SparseRows, float]]) -> SparseRows:
    """Side-by-side blocks (each scaled by its weight), every row then scaled to unit length."""
    parts = list(parts)
    n_rows = parts[0][0].n_rows
    rows, cols, vals, offset = [], [], [], 0
    for part, weight in parts:
        rows.append(np.repeat(np.arange(n_rows), np.diff(part.indptr)))
        cols.append(part.indices + offset)
        vals.append(part.data * weight)
        offset += part.width
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    norms = np.sqrt(np.bincount(r, weights=v * v, minlength=n_rows))
    v = v / np.where(norms > 0, norms, 1.0)[r]
    return SparseRows.from_entries(r, c, v, n_rows, offset)


def unit_row(parts: Iterable[tuple[Tfidf, float]], doc: str) -> tuple[np.ndarray, np.ndarray]:
    """`unit_rows` of one document's vectors (`Tfidf.transform([doc])` of each part) as (columns, values)."""
    cols, vals, offset = [], [], 0
    for tfidf, weight in parts:
        c, v = tfidf.vector(doc)
        cols.append(c + offset)
        vals.append(v * weight)
        offset += len(tfidf.vocabulary_)
    c, v = np.concatenate(cols), np.concatenate(vals)
    norm = np.sqrt(np.bincount(np.zeros(len(v), np.intp), weights=v * v, minlength=1))  # summed as unit_rows does
    return c, v / np.where(norm > 0, norm, 1.0)


def unit_means(m: SparseRows, labels: np.ndarray, n_groups: int) -> SparseRows:
    """Per group of rows (`labels`), their mean, scaled to unit length (a centroid's direction)."""
    row_of = np.repeat(np.arange(m.n_rows), np.diff(m.indptr))
    keys = labels[row_of].astype(np.int64) * m.width + m.indices
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=m.data)
    group, cols = unique // m.width, unique % m.width
    norms = np.sqrt(np.bincount(group, weights=sums * sums, minlength=n_groups))
    return SparseRows.from_entries(group, cols, sums / np.where(norms > 0, norms, 1.0)[group], n_groups, m.width)


class Tfidf:
    """`TfidfVectorizer(analyzer=..., ngram_range=..., sublinear_tf=True)` as this project configures it."""

    def __init__(self, analyzer: str, ngram_range: tuple[int, int]) -> None:
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"analyzer must be 'word' or 'char_wb', not {analyzer!r}")
        self.analyzer, self.ngram_range = analyzer, ngram_range
        self.vocabulary_: dict[str, int] = {}
        self.idf_ = np.zeros(0)

    def build_analyzer(self) -> Callable[[str], list[str]]:
        return self._word_ngrams if self.analyzer == "word" else self._char_wb_ngrams

    def _word_ngrams(self, doc: str) -> list[str]:
        tokens = doc.lower().split()  # scikit-learn's token pattern \S+ finds exactly these
        low, high = self.ngram_range
        return [" ".join(tokens[i : i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1)]

    def _char_wb_ngrams(self, doc: str) -> list[str]:
        low, high = self.ngram_range
        grams: list[str] = []
        for word in _WHITE_SPACES.sub(" ", doc.lower()).split():
            w = f" {word} "
            for n in range(low, high + 1):
                offset = 0
                grams.append(w[offset : offset + n])
                while offset + n < len(w):
                    offset += 1
                    grams.append(w[offset : offset + n])
                if offset == 0:  # a word shorter than n counts once
                    break
        return grams

    def fit(self, docs: list[str]) -> Tfidf:
        analyze = self.build_analyzer()
        seen = [set(analyze(doc)) for doc in docs]
        terms = sorted(set().union(*seen))
        self.vocabulary_ = {t: j for j, t in enumerate(terms)}
        df = np.zeros(len(terms))
        for doc_terms in seen:
            df[[self.vocabulary_[t] for t in doc_terms]] += 1
        self.idf_ = np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0
        return self

    def vector(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        """One document's unit-length TF-IDF vector as (sorted columns, values)."""
        counts: dict[int, int] = {}
        for term in self.build_analyzer()(doc):
            j = self.vocabulary_.get(term)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        cols = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
        vals = (np.log(np.asarray([counts[j] for j in cols.tolist()], dtype=np.float64)) + 1.0) * self.idf_[cols]
        norm = np.linalg.norm(vals)
        return cols, vals / norm if norm > 0 else vals

    def transform(self, docs: list[str]) -> SparseRows:
        vecs = [self.vector(doc) for doc in docs]
        indptr = np.concatenate([[0], np.cumsum([len(c) for c, _ in vecs])]).astype(np.int64)
        indices = np.concatenate([c for c, _ in vecs]) if vecs else np.zeros(0, np.int64)
        data = np.concatenate([v for _, v in vecs]) if vecs else np.zeros(0)
        return SparseRows(indptr, indices.astype(np.int64), data.astype(np.float64), len(self.vocabulary_))
