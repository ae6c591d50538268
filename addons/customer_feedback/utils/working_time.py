"""Working time of a resource.calendar in a time zone: plan hours, count hours.

Odoo 11's ``resource.calendar.plan_hours`` searches the leaves once per day it walks and has
no make-up working days (a Saturday or Sunday that is worked, 调休); the SLA needs both for
thousands of tickets at a time. ``WorkingTime`` takes the calendar's attendances, its global
leaves and its make-up days once, and gives each local day's working intervals in naive UTC
(the ORM's datetimes), computed once per day.
"""
import datetime

import pytz

# How far planning looks ahead before it gives up (a calendar without working time).
MAX_DAYS = 3660


def _local_to_utc(tz, day, hour):
    """Naive UTC datetime of ``hour`` (a float, 24 = midnight after) on the local ``day``."""
    minutes = int(round(hour * 60))
    local = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
    return tz.localize(local, is_dst=False).astimezone(pytz.UTC).replace(tzinfo=None)


def _subtract(intervals, leaves):
    """``intervals`` minus the ``leaves`` (both sorted lists of (start, end))."""
    result = []
    for start, end in intervals:
        for leave_start, leave_end in leaves:
            if leave_end <= start or leave_start >= end:
                continue
            if leave_start > start:
                result.append((start, leave_start))
            start = max(start, leave_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


class WorkingTime(object):
    """Working intervals of one calendar in one time zone, day by day."""

    def __init__(self, tz_name, attendances, leaves, working_days):
        """``attendances``: (weekday, hour_from, hour_to, date_from, date_to) tuples;
        ``leaves``: (start, end) naive UTC; ``working_days``: local dates worked with the
        hours of a normal working day although the week says otherwise."""
        self.tz = pytz.timezone(tz_name or "UTC")
        self.attendances = attendances
        self.leaves = sorted(leaves)
        self.working_days = set(working_days)
        weekdays = sorted({weekday for weekday, _f, _t, _df, _dt in attendances})
        self.normal_weekday = weekdays[0] if weekdays else None
        self._days = {}

    def _hours_of(self, day):
        weekday = self.normal_weekday if day in self.working_days else day.weekday()
        return sorted(
            (hour_from, hour_to)
            for att_weekday, hour_from, hour_to, date_from, date_to in self.attendances
            if att_weekday == weekday and not (date_from and date_from > day)
            and not (date_to and date_to < day))

    def day_intervals(self, day):
        """The working intervals of the local ``day`` (a date), in naive UTC."""
        intervals = self._days.get(day)
        if intervals is None:
            intervals = [
                (_local_to_utc(self.tz, day, hour_from), _local_to_utc(self.tz, day, hour_to))
                for hour_from, hour_to in self._hours_of(day) if hour_to > hour_from]
            if intervals and self.leaves:
                first, last = intervals[0][0], intervals[-1][1]
                intervals = _subtract(intervals, [
                    leave for leave in self.leaves if leave[1] > first and leave[0] < last])
            self._days[day] = intervals
        return intervals

    def _local_day(self, moment):
        return pytz.UTC.localize(moment).astimezone(self.tz).date()

    def plan(self, start, hours):
        """The moment ``hours`` working hours after ``start`` (naive UTC), None if never."""
        if hours <= 0:
            return start
        remaining = datetime.timedelta(hours=hours)
        day = self._local_day(start)
        for _offset in range(MAX_DAYS):
            for begin, end in self.day_intervals(day):
                if end <= start:
                    continue
                begin = max(begin, start)
                if end - begin >= remaining:
                    return begin + remaining
                remaining -= end - begin
            day += datetime.timedelta(days=1)
        return None

    def hours_between(self, start, end):
        """Working hours from ``start`` to ``end`` (naive UTC), 0 when end is not later."""
        if not start or not end or end <= start:
            return 0.0
        total = datetime.timedelta()
        day, last = self._local_day(start), self._local_day(end)
        while day <= last:
            for begin, finish in self.day_intervals(day):
                begin, finish = max(begin, start), min(finish, end)
                if finish > begin:
                    total += finish - begin
            day += datetime.timedelta(days=1)
        return total.total_seconds() / 3600.0
