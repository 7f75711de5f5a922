"""The demo municipality's on-call roster (#12): who has beredskap on evenings, nights, weekends.

Each home-care unit: its unit manager Monday to Thursday 17:00–07:00 and a
coordinator from Friday 17:00 to Monday 07:00. Lindgårdens Omsorg has left
Wednesday night empty, so the roster page and the gap message have something
to show.
"""

from datetime import time

from vredvakt.demo import organisation as org
from vredvakt.demo.upsert import Row

EVENING, MORNING = time(17, 0), time(7, 0)
FRIDAY, MONDAY, WEDNESDAY = 4, 0, 2
# Who covers which unit: (weeknights, weekend).
ON_CALL = {
    "norra": ("ulla", "kim"),
    "sodra": ("chef-sodra", "koordinator-sodra"),
    "ostra": ("chef-ostra", "koordinator-ostra"),
    "vastra": ("chef-vastra", "koordinator-vastra"),
    "centrum": ("chef-centrum", "koordinator-centrum"),
    "strand": ("chef-strand", "koordinator-strand"),
    "omsorgshuset": ("chef-omsorgshuset", "erik"),
    "lindgarden": ("chef-lindgarden", "koordinator-lindgarden"),
}
LEFT_EMPTY = {("lindgarden", WEDNESDAY)}


def slot_rows(units: dict[str, int], users: dict[str, int]) -> list[Row]:
    rows: list[Row] = []
    for unit in org.HOME_CARE_UNITS:
        nights, weekend = ON_CALL[unit.code]
        for day in range(FRIDAY):
            if (unit.code, day) not in LEFT_EMPTY:
                rows.append(_row(units[unit.code], users[nights], day, day + 1))
        rows.append(_row(units[unit.code], users[weekend], FRIDAY, MONDAY))
    return rows


def _row(unit_id: int, person_id: int, weekday: int, end_weekday: int) -> Row:
    return {
        "unit_id": unit_id,
        "person_id": person_id,
        "weekday": weekday,
        "starts": EVENING,
        "end_weekday": end_weekday,
        "ends": MORNING,
    }
