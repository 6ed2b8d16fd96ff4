import Foundation

/// One grade as it is recorded: whose, which component, the value in tenths.
public struct RecordedGrade: Sendable, Equatable {
    public var studentID: String
    public var component: String
    public var value: Tenths

    public init(studentID: String, component: String, value: Tenths) {
        self.studentID = studentID
        self.component = component
        self.value = value
    }
}

/// Why new grading rules would not fit the grades already recorded. Grades are never
/// dropped or given another meaning silently: a change that meets one of these is refused.
public enum GradingConflict: Sendable, Equatable {
    /// `count` grades of `component`, which the new rules no longer have.
    case componentInUse(component: String, count: Int)
    /// 1.3 on the German scale is not 1.3 points: grades cannot move between kinds of scale.
    case scaleKindChange(count: Int, from: GradeScale, to: GradeScale)
    /// 30 of 60 points is not 30 of 100: a different maximum changes what recorded points mean.
    case maximumChange(count: Int, from: Tenths, to: Tenths)
    /// Recorded grades that are not on the new scale; the first few as examples.
    case offScale(count: Int, examples: [RecordedGrade], old: GradeScale, new: GradeScale)
}

extension GradingPolicy {
    /// What stands in the way of changing these rules to `new`, given the grades recorded so
    /// far (ordered as they should be quoted). Weights, rounding and a pass mark may always
    /// change: they are rules, and every final grade is computed from them afresh.
    public func conflicts(changingTo new: GradingPolicy, recorded: [RecordedGrade]) -> [GradingConflict] {
        var result: [GradingConflict] = []
        var perComponent: [String: Int] = [:]
        for grade in recorded { perComponent[grade.component, default: 0] += 1 }
        for (component, count) in perComponent.sorted(by: { $0.key < $1.key }) where new.component(component) == nil {
            result.append(.componentInUse(component: component, count: count))
        }
        guard !recorded.isEmpty else { return result }
        if new.scale.isGerman != scale.isGerman {
            result.append(.scaleKindChange(count: recorded.count, from: scale, to: new.scale))
        } else if case .points(let oldMax, _) = scale, case .points(let newMax, _) = new.scale, oldMax != newMax {
            result.append(.maximumChange(count: recorded.count, from: oldMax, to: newMax))
        } else if new.scale != scale {
            let off = recorded.filter { new.scale.parse(scale.format($0.value)) == nil }
            if !off.isEmpty {
                result.append(.offScale(count: off.count, examples: Array(off.prefix(3)), old: scale, new: new.scale))
            }
        }
        return result
    }
}

/// One component grade of one student going from `old` to `new` (nil: no grade).
public struct GradeChange: Sendable, Equatable {
    public var studentID: String
    public var component: String
    public var old: Tenths?
    public var new: Tenths?

    public init(studentID: String, component: String, old: Tenths?, new: Tenths?) {
        self.studentID = studentID
        self.component = component
        self.old = old
        self.new = new
    }
}

/// What a grade import or `grade set` does, counted per component grade.
public struct GradeChangeSummary: Sendable, Equatable {
    /// Grades that were not there before.
    public var added = 0
    /// Grades that replaced another value.
    public var changed = 0
    /// Grades that were already exactly so.
    public var unchanged = 0
    /// Grades cleared (`none`).
    public var cleared = 0
    /// The changes, in the order they were made.
    public var changes: [GradeChange] = []

    public init() {}

    /// Counts one component grade going from `old` to `new`; returns the change to save, or
    /// nil when the grade stays as it is. The one rule for both an import and its preview.
    @discardableResult
    public mutating func record(student: String, component: String, old: Tenths?, new: Tenths?) -> GradeChange? {
        if old == new {
            if new != nil { unchanged += 1 }
            return nil
        }
        if new == nil {
            cleared += 1
        } else if old == nil {
            added += 1
        } else {
            changed += 1
        }
        let change = GradeChange(studentID: student, component: component, old: old, new: new)
        changes.append(change)
        return change
    }

    public var description: String {
        var parts = ["\(added) added", "\(changed) changed", "\(unchanged) unchanged"]
        if cleared > 0 { parts.append("\(cleared) cleared") }
        return parts.joined(separator: ", ")
    }
}
