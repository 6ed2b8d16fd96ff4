import Foundation
import SeminarCore
import SeminarStore

/// What a preference import did (or, in a dry run, would do), by student id.
public struct FormImportSummary: Sendable, Equatable {
    public var added: [String] = []
    public var replaced: [String] = []
    public var unchanged: [String] = []
    /// Students whose form in the database is newer than the one in the file: kept.
    public var keptNewer: [String] = []
    /// Enrolled students without a form once the import is done (or would be, in a dry run).
    public var withoutForm = 0
    /// Students whose saved form had a time while the file has none: the file's form counts.
    public var replacedWithoutTime: [String] = []

    public init() {}

    public var description: String {
        var s = "\(added.count) new, \(replaced.count) replaced, \(unchanged.count) unchanged"
        if !keptNewer.isEmpty { s += ", \(keptNewer.count) kept (the saved form is newer)" }
        return s
    }
}

/// `seminar prefs import`, once the file is read: the forms saved in one transaction. A form
/// replaces the student's list unless the saved one is newer; the same list again changes
/// nothing (so re-importing a file is a no-op). A form without a time (the file had none) is
/// never given the import's time: it is stored without one, and it replaces a saved form
/// (the coordinator imported it now).
public enum FormImport {
    public static func run(_ forms: [FormSubmission], source: String, in db: AppDatabase, dryRun: Bool = false)
        throws(SeminarError) -> FormImportSummary
    {
        var (summary, withoutForm) = try db.changeForms(dryRun: dryRun) { saved in
            plan(forms, saved: saved, source: source)
        }
        summary.withoutForm = withoutForm
        return summary
    }

    static func plan(_ forms: [FormSubmission], saved: [String: SavedForm], source: String) -> (
        [FormWrite], FormImportSummary
    ) {
        var summary = FormImportSummary()
        var writes: [FormWrite] = []
        for form in forms {
            if let old = saved[form.studentID] {
                if old.papers == form.papers {
                    summary.unchanged.append(form.studentID)
                    continue
                }
                if let oldDate = old.submittedAt, let newDate = form.submittedAt, oldDate > newDate {
                    summary.keptNewer.append(form.studentID)
                    continue
                }
                if old.submittedAt != nil && form.submittedAt == nil {
                    summary.replacedWithoutTime.append(form.studentID)
                }
                summary.replaced.append(form.studentID)
            } else {
                summary.added.append(form.studentID)
            }
            writes.append(
                FormWrite(studentID: form.studentID, papers: form.papers, submittedAt: form.submittedAt, source: source)
            )
        }
        return (writes, summary)
    }
}
