import Foundation

/// The coordinator's changes to a generated agenda (`schedule move`, `schedule swap`),
/// each checked against the rules the planner keeps: a talk stays inside its day, never
/// overlaps another talk (everyone attends every talk, so not even in another room), never
/// falls into a break or lunch, and is never at a time its speaker is unavailable.
public enum AgendaEditor {
    /// Moves a student's talk to start at `start` (same length), in `room` or the day's room.
    public static func move(
        _ agenda: Agenda, student: String, to start: Date, room: String? = nil,
        unavailability: [Unavailability] = [], calendar: Calendar
    ) throws(SeminarError) -> Agenda {
        guard let index = agenda.items.firstIndex(where: { $0.kind == .talk && $0.talk?.studentID == student }) else {
            throw .invalidValue("student \(student) has no talk in the schedule (see `seminar schedule show`)")
        }
        var items = agenda.items
        var talk = items[index]
        let day = DayDate(start, calendar: calendar)
        guard let spec = agenda.days.first(where: { $0.day == day }) else {
            let days = agenda.days.map(\.day.description).joined(separator: ", ")
            throw .invalidValue("\(day) is not a day of the block seminar (days: \(days)); nothing was changed")
        }
        let length = talk.end.timeIntervalSince(talk.start)
        talk.day = day
        talk.start = start
        talk.end = start.addingTimeInterval(length)
        talk.room = room ?? spec.room
        talk.manual = true
        talk.revision += 1
        items[index] = talk
        let edited = Agenda(days: agenda.days, items: items)
        let problems = problems(edited, involving: [student], unavailability: unavailability, calendar: calendar)
        if !problems.isEmpty {
            throw .conflict(
                "cannot move \(student)'s talk: " + problems.joined(separator: "; ") + "; nothing was changed")
        }
        return edited
    }

    /// Exchanges the times and rooms of two students' talks.
    public static func swap(
        _ agenda: Agenda, _ a: String, _ b: String, unavailability: [Unavailability] = [],
        calendar: Calendar
    ) throws(SeminarError) -> Agenda {
        guard a != b else { throw .invalidValue("give two different students to swap") }
        guard let i = agenda.items.firstIndex(where: { $0.kind == .talk && $0.talk?.studentID == a }) else {
            throw .invalidValue("student \(a) has no talk in the schedule (see `seminar schedule show`)")
        }
        guard let j = agenda.items.firstIndex(where: { $0.kind == .talk && $0.talk?.studentID == b }) else {
            throw .invalidValue("student \(b) has no talk in the schedule (see `seminar schedule show`)")
        }
        var items = agenda.items
        var x = items[i]
        var y = items[j]
        let lengthX = x.end.timeIntervalSince(x.start)
        let lengthY = y.end.timeIntervalSince(y.start)
        (x.day, y.day) = (y.day, x.day)
        (x.room, y.room) = (y.room, x.room)
        let (startX, startY) = (y.start, x.start)
        x.start = startX
        x.end = startX.addingTimeInterval(lengthX)
        y.start = startY
        y.end = startY.addingTimeInterval(lengthY)
        x.manual = true
        y.manual = true
        x.revision += 1
        y.revision += 1
        items[i] = x
        items[j] = y
        let edited = Agenda(days: agenda.days, items: items)
        let problems = problems(edited, involving: [a, b], unavailability: unavailability, calendar: calendar)
        if !problems.isEmpty {
            throw .conflict("cannot swap \(a) and \(b): " + problems.joined(separator: "; ") + "; nothing was changed")
        }
        return edited
    }

    /// What is wrong with the talks of these students in the agenda (all talks when empty).
    public static func problems(
        _ agenda: Agenda, involving students: Set<String> = [], unavailability: [Unavailability] = [],
        calendar: Calendar
    ) -> [String] {
        var problems: [String] = []
        func hm(_ d: Date) -> String {
            let c = calendar.dateComponents([.hour, .minute], from: d)
            return String(format: "%02d:%02d", c.hour!, c.minute!)
        }
        func span(_ item: AgendaItem) -> String { "\(item.day) \(hm(item.start))–\(hm(item.end))" }
        let talks = agenda.talks
        let checked = talks.filter { students.isEmpty || students.contains($0.talk!.studentID) }
        var reportedPairs = Set<[String]>()
        for x in checked {
            let who = x.talk!.studentID
            guard let spec = agenda.days.first(where: { $0.day == x.day }) else {
                problems.append("\(who)'s talk would be on \(x.day), which is not a day of the block seminar")
                continue
            }
            let dayStart = spec.day.at(spec.start, calendar: calendar)
            let dayEnd = spec.day.at(spec.end, calendar: calendar)
            if x.start < dayStart {
                problems.append("\(who)'s talk would start at \(hm(x.start)), before \(x.day) begins (\(spec.start))")
            }
            if x.end > dayEnd || DayDate(x.end.addingTimeInterval(-1), calendar: calendar) != x.day {
                problems.append(
                    "\(who)'s talk would run \(hm(x.start))–\(hm(x.end)), past the end of \(x.day) (\(spec.end))")
            }
            for y in talks where y.talk!.studentID != who && y.start < x.end && x.start < y.end {
                let other = y.talk!.studentID
                guard reportedPairs.insert([who, other].sorted()).inserted else { continue }
                if y.room == x.room {
                    problems.append("\(x.room) is already booked \(span(y)) for \(other)'s talk (\(y.talk!.speaker))")
                } else {
                    problems.append(
                        "\(who)'s talk would overlap \(other)'s talk \(span(y)) in \(y.room); everyone attends every talk"
                    )
                }
            }
            for p in agenda.items where p.kind != .talk && p.start < x.end && x.start < p.end {
                problems.append("\(who)'s talk would fall into the \(p.kind.label.lowercased()) \(span(p))")
            }
            for u in unavailability where u.studentID == who && u.overlaps(x.start, x.end) {
                problems.append(
                    "\(x.talk!.speaker) (\(who)) is unavailable \(u.describe(calendar: calendar))"
                        + (u.reason.map { " (\($0))" } ?? ""))
            }
        }
        return problems
    }
}
