"""The block-seminar agenda as an iCalendar file, read by a real calendar library (icalendar)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

BERLIN = ZoneInfo("Europe/Berlin")
GENERATE = ["schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--start", "09:00", "--end", "17:00",
            "--talk", "30", "--room", "MI 02.09.023", "--room", "2025-02-14=MI HS 1", "--break-every", "3", "--lunch", "12:30"]


def ics_of(seminar, name="agenda.ics"):
    path = seminar.directory / name
    seminar.run("schedule", "show", "--format", "ics", "--output", str(path))
    return path.read_bytes()


def talks_of(seminar):
    return [row for row in seminar.json("schedule", "show") if row["kind"] == "talk"]


def test_every_talk_is_one_event_at_the_right_time_in_the_seminars_zone(assigned_seminar):
    s = assigned_seminar
    s.run(*GENERATE)
    raw = ics_of(s)
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    talks = talks_of(s)
    assert len(events) == len(talks) == 20
    assert len({str(e["UID"]) for e in events}) == 20
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]

    by_speaker = {str(e["SUMMARY"]).split(": ", 1)[0]: e for e in events}
    for talk in talks:
        event = by_speaker[talk["name"]]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        expected = datetime.fromisoformat(f"{talk['day']}T{talk['start']}").replace(tzinfo=BERLIN)
        assert start.utcoffset() == timedelta(hours=1), "February in Berlin is UTC+1"
        assert start == expected
        assert end - start == timedelta(minutes=30)
        assert str(event["LOCATION"]) == ("MI HS 1" if talk["day"] == "2025-02-14" else "MI 02.09.023")
        description = str(event["DESCRIPTION"])
        paper = s.papers[talk["paper"]]
        assert f"Speaker: {talk['name']}" in description
        assert f"Paper: {paper['title']}" in description
        assert paper["abstract"] in description  # commas, quotes and newlines survive escaping
        assert str(event["SUMMARY"]) == f"{talk['name']}: {paper['title']}"


def test_lines_are_crlf_and_folded_at_75_octets(assigned_seminar):
    s = assigned_seminar
    s.run(*GENERATE)
    raw = ics_of(s)
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    continuations = [line for line in lines if line.startswith(b" ")]
    assert continuations, "long descriptions must be folded"
    for line in lines:
        line.decode("utf-8")  # no line ends inside a UTF-8 sequence
    # Unfolded, names with non-ASCII letters are intact.
    names = {str(e["SUMMARY"]).split(": ", 1)[0] for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    assert {"Linnea Bergström", "Alejandro Núñez", "Agnieszka Wójcik"} <= names


def test_a_day_after_the_daylight_saving_change_is_in_summer_time(assigned_seminar):
    s = assigned_seminar
    s.run("schedule", "generate", "--day", "2025-03-28", "--day", "2025-03-31", "--talk", "30", "--room", "MI 02.09.023")
    cal = icalendar.Calendar.from_ical(ics_of(s))
    offsets = {e.decoded("DTSTART").date().isoformat(): e.decoded("DTSTART").utcoffset() for e in cal.walk("VEVENT")}
    assert offsets["2025-03-28"] == timedelta(hours=1)
    assert offsets["2025-03-31"] == timedelta(hours=2)
    first = min(e.decoded("DTSTART") for e in cal.walk("VEVENT"))
    assert first.astimezone(ZoneInfo("UTC")).hour == 8  # 09:00 CET


def test_moved_talks_keep_their_uid_and_raise_the_sequence(assigned_seminar):
    s = assigned_seminar
    s.run(*GENERATE)
    before = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics_of(s)).walk("VEVENT")}
    talks = talks_of(s)
    a, b = talks[0]["student"], talks[-1]["student"]
    s.run("schedule", "swap", a, b)
    after = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics_of(s, "after.ics")).walk("VEVENT")}
    assert before.keys() == after.keys()
    moved = [uid for uid in after if after[uid].decoded("DTSTART") != before[uid].decoded("DTSTART")]
    assert len(moved) == 2
    assert all(int(after[uid]["SEQUENCE"]) == 1 for uid in moved)
