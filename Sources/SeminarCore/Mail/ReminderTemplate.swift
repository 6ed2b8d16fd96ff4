import Foundation
import Mustache

/// The text of a reminder: a Mustache template whose first line is `Subject: ...`, then an
/// empty line, then the body. Values are inserted as plain text (no HTML escaping).
///
/// Variables: student_name, student_id, student_email, paper_title, paper_id,
/// paper_authors, deadline_kind, deadline_title, due_local, due_date, due_time, time_left,
/// window, seminar_title, term, coordinator_name, coordinator_email, slot.
public struct ReminderTemplate: Sendable {
    public let source: String
    private let template: MustacheTemplate

    public static let variables = [
        "student_name", "student_id", "student_email", "paper_title", "paper_id", "paper_authors",
        "deadline_kind", "deadline_title", "due_local", "due_date", "due_time", "time_left", "window",
        "seminar_title", "term", "coordinator_name", "coordinator_email", "slot",
    ]

    /// Compiles a template; errors name the line and column (`template:3:7`).
    public init(source: String, name: String = "template") throws(SeminarError) {
        self.source = source
        // Plain text: `{{x}}` must not HTML-escape a title like "Bugs & Features".
        let prefix = source.hasPrefix("{{% CONTENT_TYPE") ? "" : "{{% CONTENT_TYPE: TEXT}}"
        let text = prefix + source
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            // Columns on the first line count the hidden prefix: report them as in the file.
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - prefix.count) : error.context.columnNumber
            throw .invalidInput([
                InputError(
                    file: name, line: line, column: column,
                    message: "the template does not parse (\(error.error))",
                    hint: "check that every {{#section}} is closed by {{/section}}")
            ])
        } catch {
            throw .invalidInput([InputError(file: name, message: "the template does not parse (\(error))")])
        }
        // The first line must give the subject.
        // With every value, and with none (a student without a paper or slot): a subject
        // that only appears inside a section would fail the run for that student.
        guard Self.split(render(Self.sampleContext)) != nil, Self.split(render([:])) != nil else {
            throw .invalidInput([
                InputError(
                    file: name, line: 1, column: 1,
                    message: "the template must start with a line 'Subject: ...' followed by an empty line",
                    hint: "see `seminar remind template show report` for an example")
            ])
        }
    }

    /// Renders with `context`. Empty values are left out, so that `{{#slot}}...{{/slot}}`
    /// is skipped when there is no slot (Mustache treats an empty string as true).
    public func render(_ context: [String: String]) -> String {
        template.render(context.filter { !$0.value.isEmpty })
    }

    /// Renders and splits into subject and body; nil when the result has no subject line.
    public func message(_ context: [String: String]) -> (subject: String, body: String)? {
        Self.split(render(context))
    }

    /// The subject line and the body of a rendered template: CRLF read as LF, leading empty
    /// lines dropped, the first line `Subject: ...`, runs of blank lines an empty section
    /// leaves behind collapsed, the body ending with one newline. Written over characters
    /// rather than with Foundation's string searches, which cost more than the rendering.
    static func split(_ rendered: String) -> (subject: String, body: String)? {
        let text = rendered.utf8.contains(13) ? rendered.replacingOccurrences(of: "\r\n", with: "\n") : rendered
        let rest = text.drop(while: { $0 == "\n" })
        let prefix = Array("subject:".utf8)
        guard rest.utf8.count >= prefix.count,
            zip(rest.utf8.prefix(prefix.count), prefix).allSatisfy({ asciiLowercased($0) == $1 })
        else { return nil }
        let afterPrefix = rest.utf8.index(rest.startIndex, offsetBy: prefix.count)
        let lineEnd = rest[afterPrefix...].firstIndex(of: "\n") ?? rest.endIndex
        let subject = String(
            trimmed(rest[afterPrefix..<lineEnd], where: { $0 == " " || $0 == "\t" || $0.isSpaceSeparator }))
        let bodyText = lineEnd < rest.endIndex ? rest[rest.index(after: lineEnd)...] : ""
        var body = ""
        body.reserveCapacity(bodyText.utf8.count + 1)
        var newlines = 0
        for ch in trimmed(bodyText, where: \.isWhitespace) {
            newlines = ch == "\n" ? newlines + 1 : 0
            if newlines <= 2 { body.append(ch) }
        }
        body.append("\n")
        return (subject, body)
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }

    private static func trimmed(_ s: Substring, where isTrimmed: (Character) -> Bool) -> Substring {
        guard let first = s.firstIndex(where: { !isTrimmed($0) }), let last = s.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return s[first...last]
    }

    /// Values that exercise every variable, to check a template before it is stored.
    public static let sampleContext: [String: String] = [
        "student_name": "Ioana Crăciun", "student_id": "03712845", "student_email": "ioana.craciun@example.org",
        "paper_title": "Neural Tangent Kernel: Convergence and Generalization in Neural Networks",
        "paper_id": "ntk-jacot18", "paper_authors": "Arthur Jacot, Franck Gabriel, Clément Hongler",
        "deadline_kind": "report", "deadline_title": "Report (PDF)", "due_local": "Wed 15 Jan 2025, 23:59 CET",
        "due_date": "2025-01-15", "due_time": "23:59", "time_left": "6 days 23 hours", "window": "7 days",
        "seminar_title": "Theoretical Advances in Deep Learning", "term": "Winter 2024/25",
        "coordinator_name": "Seminar team", "coordinator_email": "seminar@example.org",
        "slot": "Thu 13 Feb 2025, 10:30",
    ]

    // MARK: - Defaults

    /// The built-in texts. Lines are kept short so that, filled in, they rarely need a
    /// quoted-printable soft break (76 characters) and read well in any mail client. It is
    /// long because it is the text of six mails, kept together so they read alike.
    public static func defaultSource(for kind: DeadlineKind) -> String {
        let greeting = "Dear {{student_name}},\n\n"
        let signature = """

            Questions? Just reply to this e-mail{{#coordinator_email}}
            or write to {{coordinator_email}}{{/coordinator_email}}.

            Best regards,
            {{#coordinator_name}}{{coordinator_name}}{{/coordinator_name}}{{^coordinator_name}}The organisers of the seminar{{/coordinator_name}}

            --\u{20}
            {{seminar_title}}, {{term}}
            Sent automatically {{window}} before the deadline.

            """
        let paper =
            "{{#paper_title}}\nYour paper:\n  {{paper_title}}\n{{#paper_authors}}  ({{paper_authors}})\n{{/paper_authors}}\n{{/paper_title}}"
        switch kind {
        case .preferences:
            return "Subject: {{seminar_title}}: please choose your papers by {{due_date}}\n\n" + greeting + """
                we have not yet received your paper preferences for
                the seminar "{{seminar_title}}".

                Please fill in the preference form by
                  {{due_local}}
                that is, within {{time_left}}.

                Students without preferences still get a paper,
                but it may not be one they like.

                """ + signature
        case .report, .slides:
            let what = kind == .report ? "report" : "first version of your slides"
            return
                "Subject: {{seminar_title}}: \(kind == .report ? "report" : "slides") due {{due_date}} ({{time_left}} left)\n\n"
                + greeting + """
                    your \(what) for the seminar
                    "{{seminar_title}}" is due on
                      {{due_local}}
                    that is, in {{time_left}}. We have not received it yet.

                    \(paper)Please hand it in as a PDF.

                    """ + signature
        case .presentation:
            return "Subject: {{seminar_title}}: final presentations on {{due_date}}\n\n" + greeting + """
                the final presentations of the seminar
                "{{seminar_title}}" begin on
                  {{due_local}}
                that is, in {{time_left}}. Everyone attends the whole
                block seminar.

                \(paper){{#slot}}
                Your talk: {{slot}}
                {{/slot}}

                """ + signature
        case .deregistration:
            return "Subject: {{seminar_title}}: de-registration closes {{due_date}}\n\n" + greeting + """
                the de-registration deadline of the seminar
                "{{seminar_title}}" is
                  {{due_local}}
                that is, in {{time_left}}.

                If you want to leave the seminar, de-register before
                then: leaving after it counts as failed. If you are
                staying, there is nothing to do.

                """ + signature
        case .other:
            return "Subject: {{seminar_title}}: {{deadline_title}} on {{due_date}}\n\n" + greeting + """
                a reminder for the seminar "{{seminar_title}}":

                  {{deadline_title}}
                  {{due_local}} (in {{time_left}})

                """ + signature
        }
    }

    public static func standard(for kind: DeadlineKind) -> ReminderTemplate {
        // The defaults are part of the program; they are checked by the tests.
        try! ReminderTemplate(source: defaultSource(for: kind), name: "default \(kind.rawValue) template")
    }
}

extension Character {
    /// A space of Unicode category Zs (space, no-break space, thin space...).
    fileprivate var isSpaceSeparator: Bool {
        unicodeScalars.first.map { $0.properties.generalCategory == .spaceSeparator } ?? false
    }
}
