import Foundation

/// `schedule generate`'s day and room flags as written, read into a plan.
///
/// `--day 2025-02-13` or `--day 2025-02-13=09:00-13:00` (its own hours); `--room NAME` for
/// every day, `--room 2025-02-14=NAME` for one. Every mistake is reported at once.
public struct ScheduleFlags: Sendable {
    public var days: [String]
    public var rooms: [String]
    public var start: ClockTime
    public var end: ClockTime

    public init(days: [String], rooms: [String], start: ClockTime, end: ClockTime) {
        self.days = days
        self.rooms = rooms
        self.start = start
        self.end = end
    }

    /// The plan with these days, the rest as given; throws every problem of the flags and
    /// of the plan in one error.
    public func plan(_ rest: SchedulePlan) throws(SeminarError) -> SchedulePlan {
        var problems: [String] = []
        let (defaultRoom, dayRooms) = readRooms(&problems)
        var specs = readDays(&problems).map { d in
            ScheduleDay(day: d.day, start: d.start, end: d.end, room: dayRooms[d.day] ?? defaultRoom ?? "TBA")
        }
        specs.sort { $0.day < $1.day }
        for d in dayRooms.keys where !specs.contains(where: { $0.day == d }) {
            problems.append("--room \(d)=...: \(d) is not one of the --day dates")
        }
        var plan = rest
        plan.days = specs
        problems += plan.problems()
        if !problems.isEmpty { throw .invalidValue(problems.joined(separator: "; ")) }
        return plan
    }

    /// The room for every day, and the rooms of single days.
    func readRooms(_ problems: inout [String]) -> (String?, [DayDate: String]) {
        var defaultRoom: String?
        var dayRooms: [DayDate: String] = [:]
        for r in rooms {
            let trimmed = r.trimmingCharacters(in: .whitespaces)
            if let eq = trimmed.firstIndex(of: "="), let d = DayDate(String(trimmed[..<eq])) {
                let room = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if room.isEmpty || !Validation.isValidName(room) {
                    problems.append("--room \(r): the room name is empty")
                }
                dayRooms[d] = room
            } else if trimmed.isEmpty || !Validation.isValidName(trimmed) {
                problems.append("--room '\(shown: r)' is not a room name")
            } else {
                if defaultRoom != nil {
                    problems.append("--room is given twice for every day (use DATE=ROOM for one day)")
                }
                defaultRoom = trimmed
            }
        }
        return (defaultRoom, dayRooms)
    }

    /// The days with their hours, in the order given.
    func readDays(_ problems: inout [String]) -> [(day: DayDate, start: ClockTime, end: ClockTime)] {
        var days: [(day: DayDate, start: ClockTime, end: ClockTime)] = []
        for raw in self.days {
            let parts = raw.split(separator: "=", maxSplits: 1).map(String.init)
            guard let first = parts.first, let d = DayDate(first), first.contains("-") else {
                problems.append("--day '\(shown: raw)' is not a date: write 2025-02-13 (or 2025-02-13=09:00-13:00)")
                continue
            }
            guard parts.count == 2 else {
                days.append((d, start, end))
                continue
            }
            let hours = parts[1].split(separator: "-").map(String.init)
            guard hours.count == 2, let hs = ClockTime(hours[0]), let he = ClockTime(hours[1]) else {
                problems.append("--day '\(shown: raw)': the hours must read HH:MM-HH:MM, e.g. 09:00-13:00")
                continue
            }
            days.append((d, hs, he))
        }
        return days
    }
}
