"""Unified diffs of a file before and after migration, in time that grows with the file, not with its square.

`difflib` alone is quadratic on files made of similar blocks (generated code): each block's few unchanged lines
tie for the longest match, so every step splits off one block and rescans the rest. Lines that occur once in
both texts (patience diff's anchors) first cut the texts into short stretches; `difflib` matches inside each."""
from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterator, Sequence

Block = tuple[int, int, int]  # (start in a, start in b, length), as difflib's matching blocks


def _unique(lines: Sequence[str], lo: int, hi: int) -> dict[str, int]:
    """Each line of lines[lo:hi] -> its index, or -1 when it occurs more than once."""
    seen: dict[str, int] = {}
    for index in range(lo, hi):
        line = lines[index]
        seen[line] = -1 if line in seen else index
    return seen


def _anchors(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Lines unique in both a[alo:ahi] and b[blo:bhi]: the longest chain of them in the same order in both."""
    in_b = _unique(b, blo, bhi)
    pairs = sorted((i, in_b.get(line, -1)) for line, i in _unique(a, alo, ahi).items() if i >= 0)
    pairs = [pair for pair in pairs if pair[1] >= 0]
    tails: list[int] = []  # per chain length, the smallest b index ending such a chain (patience sorting)
    ends: list[int] = []  # ... and the pair that ends it
    previous: list[int] = []
    for k, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[length] = j
            ends[length] = k
        previous.append(ends[length - 1] if length else -1)
    chain = []
    k = ends[-1] if ends else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """Blocks of equal lines, increasing in both texts, adjacent ones merged, ending with (len(a), len(b), 0)."""
    found: list[Block] = []
    stretches = [(0, len(a), 0, len(b))]
    while stretches:
        alo, ahi, blo, bhi = stretches.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            found.append((alo, blo, 1))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            found.append((ahi, bhi, 1))
        if alo == ahi or blo == bhi:
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if not anchors:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi])
            found.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
            continue
        for i, j in anchors:
            found.append((i, j, 1))
            stretches.append((alo, i, blo, j))
            alo, blo = i + 1, j + 1
        stretches.append((alo, ahi, blo, bhi))
    merged: list[Block] = []
    for i, j, n in sorted(found):
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    merged.append((len(a), len(b), 0))
    return merged


class _AnchoredMatcher(difflib.SequenceMatcher):
    def get_matching_blocks(self) -> list[difflib.Match]:  # type: ignore[override]
        return [difflib.Match(*block) for block in matching_blocks(self.a, self.b)]


def _range(start: int, stop: int) -> str:
    """A hunk range as unified diffs write it (an empty range starts at the line before it)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"


def unified_diff(a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str, n: int = 3) -> Iterator[str]:
    """`difflib.unified_diff(a, b, fromfile, tofile, n=n)`, with the matching above."""
    for index, group in enumerate(_AnchoredMatcher(None, a, b).get_grouped_opcodes(n)):
        if index == 0:
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        yield f"@@ -{_range(group[0][1], group[-1][2])} +{_range(group[0][3], group[-1][4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[j1:j2])
