"""The centre file: a one-window service centre (一窗式) and the items it handles.

A centre names its shared front windows (前台综合受理、统一窗口出件) and back-office departments
(后台分类审批) with their staff, the calendar, and the items: each a process file with its volume.
A process's `window` lanes run on the item's window pool and its `department` lanes on the item's
department pool (or where `lanes:` maps them). Like the process language, these types are the one
definition: the loader validates against them and ``approvalnet schema --centre`` writes the JSON
Schema from them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .types import STEP_ID_PATTERN, Calendar, Node, StrList

PoolId = Annotated[str, Field(pattern=STEP_ID_PATTERN)]


class CentreInfo(Node):
    """Who the centre is."""

    name: str
    code: str | None = None


class Pool(Node):
    """Staff shared by every item that uses this window or department."""

    name: str
    staff: Annotated[int, Field(ge=1)]


class CentreItem(Node):
    """One process file handled by the centre, and its volume."""

    file: str  # relative to the centre file's folder, and inside its folder tree
    per_workday: Annotated[float, Field(gt=0)]  # mean applications per working day
    # Relative weights of the hours of the office day (as a process's simulation.arrivals.profile).
    profile: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=1)] | None = None
    # Relative weights of the twelve calendar months, January first: the volume over the year.
    months: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=12, max_length=12)] | None = None
    window: PoolId | None = None  # the window pool; may be left out when the centre has one window pool
    department: PoolId | None = None  # the department pool of the process's department lanes
    # lane id of the process → window or department id (overrides `window` and `department`)
    lanes: dict[str, PoolId] = Field(default_factory=dict)
    priority: int = 0  # served before lower priorities when its cases wait for shared staff


class Centre(Node):
    """A service centre: shared windows, departments, calendar and items."""

    centre: CentreInfo
    sources: StrList = Field(default_factory=list)  # where the facts in this file come from
    generated: str | None = None  # set when a program wrote the file, saying which and how
    calendar: Calendar | None = None  # for every item; the items' own calendars are not used
    windows: Annotated[dict[PoolId, Pool], Field(min_length=1)]
    departments: dict[PoolId, Pool] = Field(default_factory=dict)
    items: Annotated[list[CentreItem], Field(min_length=1)]
