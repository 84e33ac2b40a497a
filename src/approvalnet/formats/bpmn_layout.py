"""A readable layout for the BPMN diagram: lanes as horizontal bands, the flow from left to right.

The method is the usual one for swimlane diagrams, kept small:

1. Loops are found by a depth-first search from the start event, in document order; their back
   edges are set aside, so what remains is acyclic.
2. Each node gets a column by longest-path layering: one more than the furthest of its
   predecessors, so that every forward edge points right.
3. Each lane is a band of rows; nodes of one lane that share a column are stacked in rows, ordered
   by where their predecessors stand, so that parallel branches do not cross without need.
4. Edges are orthogonal. A forward edge leaves its source on the right, turns in the empty gap
   after the source's column and enters its target on the left; when nodes stand in the way on the
   target's row it runs along the empty gutter below that row instead. A loop leaves its source at
   the bottom, runs left along the source's gutter and enters its target from the left.

Everything is computed from the order of the nodes and edges, so the same process always gives the
same coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Sizes of the shapes, as bpmn.io and Camunda Modeler draw them by default.
SIZES = {"task": (100, 80), "gateway": (50, 50), "event": (36, 36)}

POOL_X, POOL_Y = 120, 60
POOL_LABEL = 30  # the band on the left of a pool that holds its name
LANE_LABEL = 30  # the band on the left of a lane that holds its name
MARGIN = 40  # between a lane's label band and the first column, and after the last
ROW = 120  # height of one row of a lane: the node band (90) and a gutter below it (30)
NODE_CENTER = 50  # centre of a node below the top of its row
GUTTER = 105  # the empty line below a row's nodes, from the top of the row
GAP = 60  # between two columns
MAX_LABEL_GAP = 320  # the widest gap after a column with an exclusive choice, for the outcomes' names
LOOP_OFFSET = 4  # loops turn a little left of their track, not on top of forward edges
TRACK = 8  # between two vertical runs in one gap


@dataclass(slots=True)
class Box:
    """A node to place: its id, what it is drawn as (task, gateway, event), its lane."""

    id: str
    shape: str
    lane: str
    label_width: float = 0.0  # the widest name on its outgoing edges (the outcomes of a choice)
    x: float = 0.0
    y: float = 0.0
    layer: int = 0
    row: int = 0

    @property
    def width(self) -> int:
        return SIZES[self.shape][0]

    @property
    def height(self) -> int:
        return SIZES[self.shape][1]

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(slots=True)
class Band:
    """A lane's band: its top, height and number of rows."""

    id: str
    y: float = 0.0
    rows: int = 1

    @property
    def height(self) -> float:
        return self.rows * ROW


@dataclass(slots=True)
class Layout:
    """The result: boxes placed, lanes as bands, and the waypoints of each edge (by index)."""

    boxes: dict[str, Box]
    bands: list[Band]
    x: float
    y: float
    width: float
    height: float
    waypoints: list[list[tuple[float, float]]] = field(default_factory=list)
    label_points: list[tuple[float, float] | None] = field(default_factory=list)


def layout(boxes: list[Box], edges: list[tuple[str, str]], lanes: list[str]) -> Layout:
    """Place ``boxes`` (in document order, the first being the start) in ``lanes`` and route ``edges``."""
    by_id = {box.id: box for box in boxes}
    back = _back_edges(boxes, edges)
    _layer(boxes, edges, back, by_id)
    columns = max((box.layer for box in boxes), default=0) + 1
    widths = [0] * columns
    gaps: list[float] = [GAP] * columns
    for box in boxes:
        widths[box.layer] = max(widths[box.layer], box.width)
        if box.label_width:  # room for the outcomes' names right of the turn in the gap
            gaps[box.layer] = max(gaps[box.layer], min(2 * box.label_width + 48, MAX_LABEL_GAP))
    left: float = POOL_X + POOL_LABEL + LANE_LABEL + MARGIN
    column_x: list[float] = []
    for layer in range(columns):
        column_x.append(left)
        left += widths[layer] + gaps[layer]
    right = left - gaps[-1] + MARGIN

    bands = _bands(boxes, lanes)
    _rows(boxes, edges, back, by_id, bands)
    for box in boxes:
        box.x = column_x[box.layer] + (widths[box.layer] - box.width) / 2
        band = bands[lanes.index(box.lane)]
        box.y = band.y + box.row * ROW + NODE_CENTER - box.height / 2

    def gap_x(layer: int) -> float:
        """The middle of the empty gap after ``layer`` (before the first column for -1)."""
        if layer < 0:
            return column_x[0] - MARGIN / 2
        return column_x[layer] + widths[layer] + gaps[layer] / 2

    # Vertical runs in one gap get their own tracks, so that edges of different nodes do not run on
    # top of each other there: edges leaving one node share a track, as do edges entering one node.
    tracks: dict[int, dict[tuple[str, str], int]] = {}

    def turn(layer: int, key: tuple[str, str]) -> float:
        used = tracks.setdefault(layer, {})
        k = used.setdefault(key, len(used))
        room = (gaps[layer] if layer >= 0 else MARGIN) / 2 - 6
        offset = min(TRACK * ((k + 1) // 2), room)
        return gap_x(layer) + (offset if k % 2 else -offset)

    result = Layout(by_id, bands, POOL_X, POOL_Y, right - POOL_X, sum(b.height for b in bands))
    for index, (source, target) in enumerate(edges):
        s, t = by_id[source], by_id[target]
        if index in back:
            points = _loop(s, t, turn(t.layer - 1, ("loop", t.id)) - LOOP_OFFSET)
            label = (s.cx + 6, points[1][1] - 16)
        else:
            points, label = _forward(s, t, turn(s.layer, ("out", s.id)), turn(t.layer - 1, ("in", t.id)), boxes)
        result.waypoints.append(_simplify(points))
        result.label_points.append(label)
    return result


def _back_edges(boxes: list[Box], edges: list[tuple[str, str]]) -> set[int]:
    """Indices of the edges that close a loop, by an iterative depth-first search in document order."""
    out: dict[str, list[tuple[int, str]]] = {box.id: [] for box in boxes}
    for index, (source, target) in enumerate(edges):
        out[source].append((index, target))
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[int] = set()
    for root in boxes:
        if root.id in state:
            continue
        state[root.id] = 1
        stack = [(root.id, iter(out[root.id]))]
        while stack:
            node, successors = stack[-1]
            for index, target in successors:
                if state.get(target) == 1:
                    back.add(index)
                elif target not in state:
                    state[target] = 1
                    stack.append((target, iter(out[target])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back


def _layer(boxes: list[Box], edges: list[tuple[str, str]], back: set[int], by_id: dict[str, Box]) -> None:
    """Longest-path layering over the forward edges (Kahn's order, document order among ties)."""
    incoming = {box.id: 0 for box in boxes}
    out: dict[str, list[str]] = {box.id: [] for box in boxes}
    for index, (source, target) in enumerate(edges):
        if index not in back:
            incoming[target] += 1
            out[source].append(target)
    ready = [box.id for box in boxes if incoming[box.id] == 0]
    while ready:
        node = ready.pop(0)
        for target in out[node]:
            by_id[target].layer = max(by_id[target].layer, by_id[node].layer + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)


def _bands(boxes: list[Box], lanes: list[str]) -> list[Band]:
    """One band per lane, as tall as its most crowded column needs."""
    count: dict[tuple[str, int], int] = {}
    for box in boxes:
        count[(box.lane, box.layer)] = count.get((box.lane, box.layer), 0) + 1
    bands = []
    top = float(POOL_Y)
    for lane in lanes:
        rows = max([n for (name, _), n in count.items() if name == lane], default=1)
        bands.append(Band(lane, top, rows))
        top += rows * ROW
    return bands


def _rows(boxes: list[Box], edges: list[tuple[str, str]], back: set[int], by_id: dict[str, Box],
          bands: list[Band]) -> None:
    """Stack the nodes of each lane and column in rows, ordered by their predecessors' height."""
    band_y = {band.id: band.y for band in bands}
    preds: dict[str, list[str]] = {box.id: [] for box in boxes}
    for index, (source, target) in enumerate(edges):
        if index not in back:
            preds[target].append(source)
    order = {box.id: n for n, box in enumerate(boxes)}
    height: dict[str, float] = {}
    for layer in range(max((box.layer for box in boxes), default=0) + 1):
        cells: dict[str, list[Box]] = {}
        for box in boxes:
            if box.layer == layer:
                cells.setdefault(box.lane, []).append(box)
        for lane, cell in cells.items():
            def key(box: Box, top: float = band_y[lane]) -> tuple[float, int]:
                placed = [height[p] for p in preds[box.id] if p in height]
                return (sum(placed) / len(placed) if placed else top, order[box.id])

            for row, box in enumerate(sorted(cell, key=key)):
                box.row = row
                height[box.id] = band_y[lane] + row * ROW


def _blocked(y: float, x0: float, x1: float, boxes: list[Box], skip: tuple[Box, Box]) -> bool:
    """Whether a horizontal line at ``y`` between ``x0`` and ``x1`` runs through a node."""
    lo, hi = min(x0, x1), max(x0, x1)
    return any(box not in skip and box.x - 4 < hi and box.x + box.width + 4 > lo
               and box.y - 4 < y < box.y + box.height + 4 for box in boxes)


def _forward(s: Box, t: Box, turn: float, last_turn: float,
             boxes: list[Box]) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Right side of ``s`` to left side of ``t``, turning in the gaps between columns."""
    start = (s.x + s.width, s.cy)
    end = (t.x, t.cy)
    if abs(s.cy - t.cy) < 0.5 and not _blocked(s.cy, start[0], end[0], boxes, (s, t)):
        return [start, end], (start[0] + 6, s.cy - 18)
    if not _blocked(t.cy, turn, end[0], boxes, (s, t)):
        return [start, (turn, s.cy), (turn, t.cy), end], (turn + 6, t.cy - 18)
    # Nodes stand on the target's row: run along the gutter below it, which holds no node.
    gutter = t.cy - NODE_CENTER + GUTTER
    return ([start, (turn, s.cy), (turn, gutter), (last_turn, gutter), (last_turn, t.cy), end],
            (turn + 6, gutter - 16))


def _loop(s: Box, t: Box, turn: float) -> list[tuple[float, float]]:
    """Bottom of ``s``, left along its gutter, up or down to ``t``'s row, into ``t`` from the left."""
    gutter = s.cy - NODE_CENTER + GUTTER
    return [(s.cx, s.y + s.height), (s.cx, gutter), (turn, gutter), (turn, t.cy), (t.x, t.cy)]


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points and points in the middle of a straight run."""
    kept: list[tuple[float, float]] = []
    for point in points:
        if kept and abs(kept[-1][0] - point[0]) < 0.5 and abs(kept[-1][1] - point[1]) < 0.5:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (abs(ax - bx) < 0.5 and abs(bx - point[0]) < 0.5) or (abs(ay - by) < 0.5 and abs(by - point[1]) < 0.5):
                kept[-1] = point
                continue
        kept.append(point)
    return kept
