"""The statistics, one small function per figure: (units, start, end, now) → rows.

Each reads only; rows hold counts, durations in hours and labels, never a
client's name, so the statistics page holds no personal data.
"""
