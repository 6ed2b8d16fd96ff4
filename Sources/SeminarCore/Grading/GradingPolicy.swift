import Foundation

/// One graded part of the course, e.g. the report with weight 40.
public struct GradeComponent: Sendable, Equatable {
    public var name: String
    /// Integer percent; the weights of a seminar add up to 100.
    public var weight: Int
    /// A required component that is missing leaves the student incomplete. An optional one
    /// that is missing is left out, and the mean is taken over the others' weights.
    public var required: Bool

    public init(name: String, weight: Int, required: Bool = true) {
        self.name = name
        self.weight = weight
        self.required = required
    }

    /// `report:40`, `participation:10:optional`.
    public var specification: String { "\(name):\(weight)" + (required ? "" : ":optional") }

    /// Names are lower-case words so that they can be CSV columns and `--grade NAME=G` keys.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.first!.isLetter
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    public static func parse(_ spec: String) throws(SeminarError) -> GradeComponent {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .whitespaces)
        }
        guard (2...3).contains(parts.count) else {
            throw .invalidValue(
                "component '\(shown: spec)' should be NAME:WEIGHT or NAME:WEIGHT:optional, e.g. report:40")
        }
        let name = parts[0].lowercased()
        guard isValidName(name) else {
            throw .invalidValue(
                "component name '\(shown: parts[0])' should be a lower-case word (letters, digits, _), e.g. participation"
            )
        }
        guard let weight = Int(parts[1]), (1...100).contains(weight) else {
            throw .invalidValue(
                "the weight of \(name) should be a whole percent from 1 to 100, not '\(shown: parts[1])'")
        }
        var required = true
        if parts.count == 3 {
            switch parts[2].lowercased() {
            case "optional": required = false
            case "required": required = true
            default:
                throw .invalidValue("component '\(shown: spec)': the third part should be 'optional' or 'required'")
            }
        }
        return GradeComponent(name: name, weight: weight, required: required)
    }
}

/// Where a student stands in the grading.
public enum GradeStatus: String, Sendable, CaseIterable {
    case passed
    case failed
    /// A required component is missing (and the term is not closed).
    case incomplete
    /// De-registered before the deadline: no grade.
    case withdrawn
}

/// What the rules make of one student's grades.
public struct GradeOutcome: Sendable, Equatable {
    public var status: GradeStatus
    /// The final grade in tenths; nil when incomplete or withdrawn.
    public var final: Tenths?
    /// The exact weighted mean, when every counted component is there.
    public var mean: ExactMean?
    /// Why, in a few words ("report 5.0", "presentation missing"); nil for a plain pass.
    public var reason: String?
    /// The talks missed without excuse, when the attendance rule counts them (`required`
    /// or `warn`); every grade output flags a student who has them.
    public var missedAttendance: MissedAttendance? = nil

    /// Incomplete (or, the term closed, failed) for want of attendance alone: every required
    /// component is there and passed.
    public var isHeldBackByAttendance = false
}

/// A seminar's grading rules: components with weights, the scale, the rounding rule and
/// what attendance counts for.
public struct GradingPolicy: Sendable, Equatable {
    public var components: [GradeComponent]
    public var scale: GradeScale
    public var rounding: RoundingRule
    public var attendance: AttendanceRule

    /// Report 40 % and presentation 60 %, both required, German scale, nearest step, every
    /// talk attended.
    public static let standard = GradingPolicy(
        components: [GradeComponent(name: "report", weight: 40), GradeComponent(name: "presentation", weight: 60)],
        scale: .german, rounding: .nearest, attendance: .required)

    public init(
        components: [GradeComponent], scale: GradeScale, rounding: RoundingRule, attendance: AttendanceRule = .required
    ) {
        self.components = components
        self.scale = scale
        self.rounding = rounding
        self.attendance = attendance
    }

    public func component(_ name: String) -> GradeComponent? { components.first { $0.name == name } }

    /// `report:40,presentation:60`, as stored in the `setting` table.
    public var componentsSpecification: String { components.map(\.specification).joined(separator: ",") }

    public static func parseComponents(_ specs: [String]) throws(SeminarError) -> [GradeComponent] {
        var result: [GradeComponent] = []
        for spec in specs.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let c = try GradeComponent.parse(spec)
            if result.contains(where: { $0.name == c.name }) {
                throw .invalidValue("component \(c.name) is named twice")
            }
            result.append(c)
        }
        try validate(result)
        return result
    }

    public static func validate(_ components: [GradeComponent]) throws(SeminarError) {
        guard !components.isEmpty else { throw .invalidValue("a seminar needs at least one graded component") }
        let total = components.reduce(0) { $0 + $1.weight }
        guard total == 100 else {
            throw .invalidValue(
                "the weights add up to \(total), not 100 (" + components.map(\.specification).joined(separator: ", ")
                    + "); give every component in one command, e.g. --component report:30 --component presentation:60 --component participation:10"
            )
        }
        guard components.contains(where: \.required) else {
            throw .invalidValue("at least one component must be required")
        }
    }

    /// The rules applied to one student.
    /// - Parameters:
    ///   - grades: component name → grade in tenths (components not in the policy are ignored).
    ///   - droppedAt: when the student de-registered, nil if they did not.
    ///   - deadline: the de-registration deadline; without one a drop counts as withdrawn.
    ///   - closed: the term is closed, so a missing component counts as the worst grade.
    ///   - missed: the talks the student missed without excuse, on the days attendance was
    ///     recorded; what it does depends on `attendance`.
    public func evaluate(
        grades: [String: Tenths], droppedAt: Date? = nil, deadline: Date? = nil, closed: Bool = false,
        missed: MissedAttendance? = nil
    ) -> GradeOutcome {
        guard attendance != .off, let missed, droppedAt == nil else {
            return componentOutcome(grades: grades, droppedAt: droppedAt, deadline: deadline, closed: closed)
        }
        var outcome = componentOutcome(grades: grades, droppedAt: nil, deadline: deadline, closed: closed)
        outcome.missedAttendance = missed
        let note = missed.description
        switch (attendance, outcome.status) {
        case (.required, .passed):
            // Attendance is a requirement like a component: missing it leaves the student
            // incomplete while the term is open, and fails them once it is closed.
            outcome.isHeldBackByAttendance = true
            if closed {
                outcome.status = .failed
                if scale.isGerman { outcome.final = scale.worst }
                outcome.reason = "term closed with " + note
            } else {
                outcome.status = .incomplete
                outcome.final = nil
                outcome.reason = note
            }
        default:
            outcome.reason = outcome.reason.map { $0 + "; " + note } ?? note
        }
        return outcome
    }

    /// The rules without attendance, applied to one student.
    func componentOutcome(grades: [String: Tenths], droppedAt: Date?, deadline: Date?, closed: Bool) -> GradeOutcome {
        if let droppedAt {
            if let deadline, droppedAt > deadline {
                return GradeOutcome(
                    status: .failed, final: scale.worst, mean: nil, reason: "dropped after the de-registration deadline"
                )
            }
            return GradeOutcome(
                status: .withdrawn, final: nil, mean: nil,
                reason: deadline == nil
                    ? "dropped (no de-registration deadline set)" : "dropped before the de-registration deadline")
        }
        let failedParts = components.compactMap { c -> String? in
            guard let g = grades[c.name], !scale.isPassing(g) else { return nil }
            return "\(c.name) \(scale.format(g))"
        }
        let missing = components.filter { $0.required && grades[$0.name] == nil }.map(\.name)

        // The exact mean over the components that count: present ones, plus (once closed)
        // missing required ones at the worst grade.
        var numerator = 0
        var denominator = 0
        for c in components {
            if let g = grades[c.name] {
                numerator += c.weight * g
                denominator += c.weight
            } else if c.required && closed {
                numerator += c.weight * scale.worst
                denominator += c.weight
            }
        }
        let complete = missing.isEmpty || closed
        let mean = complete && denominator > 0 ? ExactMean(numerator: numerator, denominator: denominator) : nil

        if !failedParts.isEmpty {
            // German: a failed component fails the course with 5.0. Points: the computed
            // points are kept when they can be computed, the status says failed.
            let final: Tenths = scale.isGerman ? scale.worst : mean.map { rounding.apply($0, on: scale) } ?? scale.worst
            var reason = failedParts.joined(separator: ", ")
            if !missing.isEmpty { reason += "; " + missing.joined(separator: ", ") + " missing" }
            return GradeOutcome(status: .failed, final: final, mean: mean, reason: reason)
        }
        if !missing.isEmpty {
            if !closed {
                return GradeOutcome(
                    status: .incomplete, final: nil, mean: nil, reason: missing.joined(separator: ", ") + " missing")
            }
            let final = scale.isGerman ? scale.worst : rounding.apply(mean!, on: scale)
            return GradeOutcome(
                status: .failed, final: final, mean: mean,
                reason: "term closed with " + missing.joined(separator: ", ") + " missing")
        }
        let final = rounding.apply(mean!, on: scale)
        if !scale.isPassing(final) {
            return GradeOutcome(
                status: .failed, final: scale.isGerman ? scale.worst : final, mean: mean,
                reason: "final below the pass mark")
        }
        return GradeOutcome(status: .passed, final: final, mean: mean, reason: nil)
    }
}
