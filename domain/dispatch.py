"""Who is offered an order first: rings out from the order's point.

Ring 0 is the point itself, ring 1 the rest of its station's subtree, ring 2 the
rest of the county: the nearest fitting volunteers hear of it first.
"""

from __future__ import annotations

from collections.abc import Sequence


def rings(subtrees: Sequence[Sequence[int]]) -> list[list[int]]:
    """Turn the subtrees of the point, its station and the center (innermost
    first) into disjoint rings of site ids."""
    seen: set[int] = set()
    out: list[list[int]] = []
    for subtree in subtrees:
        ring = [site for site in subtree if site not in seen]
        seen.update(ring)
        out.append(ring)
    return out
