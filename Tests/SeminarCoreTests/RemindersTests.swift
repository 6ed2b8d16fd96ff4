import Foundation
import XCTest

@testable import SeminarCore

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        // FIPS 180-4 examples and the empty string.
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testBlockBoundariesAndPiecewiseUpdates() {
        // 55, 56 and 64 bytes are where padding spills into a second block.
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (n, hex) in expected {
            let data = Data(repeating: UInt8(ascii: "a"), count: n)
            XCTAssertEqual(SHA256.hex(data), hex, "\(n) bytes")
            var h = SHA256()
            for byte in data { h.update([byte]) }
            XCTAssertEqual(
                h.finalize().map { String(format: "%02x", $0) }.joined(), hex, "\(n) bytes fed one at a time")
        }
    }
}

final class MailMessageTests: XCTestCase {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func message(name: String, subject: String, body: String = "Hello\n") -> MailMessage {
        MailMessage(
            from: MailAddress(name: "TADL Seminar", address: "tadl@example.org"),
            to: [MailAddress(name: name, address: "ioana@example.org")], subject: subject, body: body,
            date: Date(timeIntervalSince1970: 1_736_406_000), messageID: "<x.1@example.org>")
    }

    func testHeadersAreSevenBitAndEncoded() {
        let text = message(name: "Ioana Crăciun", subject: "Raport: termen în 6 zile").rendered(timeZone: berlin)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        XCTAssertTrue(head.unicodeScalars.allSatisfy(\.isASCII))
        XCTAssertTrue(
            head.contains("To: =?UTF-8?B?\(Data("Ioana Crăciun".utf8).base64EncodedString())?= <ioana@example.org>"))
        XCTAssertTrue(head.contains("Date: Thu, 9 Jan 2025 08:00:00 +0100"))
        XCTAssertTrue(head.contains("Message-ID: <x.1@example.org>"))
        XCTAssertTrue(head.contains("MIME-Version: 1.0"))
        XCTAssertTrue(head.contains("Content-Type: text/plain; charset=UTF-8"))
    }

    func testNoHeaderInjection() {
        let text = message(name: "Eve\r\nBcc: x@evil.example", subject: "Hi\nX-Evil: 1\r\n\r\nbody").rendered(
            timeZone: berlin)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        let headerNames = head.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.map {
            $0.split(separator: ":")[0]
        }
        XCTAssertFalse(headerNames.contains("Bcc"))
        XCTAssertFalse(headerNames.contains("X-Evil"))
        XCTAssertTrue(head.contains("Subject: Hi X-Evil: 1 body"))
    }

    func testSanitizeLeavesCleanTextAloneAndCleansTheRest() {
        let cases: [(String, String)] = [
            ("Report (PDF) for Jonas Müller", "Report (PDF) for Jonas Müller"),
            ("a  b", "a b"), (" a", "a"), ("a ", "a"), ("a\tb", "a b"), ("a\u{85}b", "a b"), ("a\u{2028}b", "a b"),
            ("\u{A0}a\u{A0}", "a"), ("a\u{A0}b", "a\u{A0}b"), ("a\u{7F}\u{7F}b", "a b"), ("", ""),
        ]
        for (raw, clean) in cases {
            XCTAssertEqual(MailMessage.sanitize(raw), clean, raw.debugDescription)
            XCTAssertEqual(MailMessage.isSanitized(raw), raw == clean, raw.debugDescription)
        }
    }

    func testSpecialsInAnASCIINameAreQuoted() {
        XCTAssertEqual(MailAddress(name: "Doe, John", address: "j@example.org").header, "\"Doe, John\" <j@example.org>")
        XCTAssertEqual(MailAddress(name: "John Doe", address: "j@example.org").header, "John Doe <j@example.org>")
    }

    func testEncodedWordsStayShortAndKeepCharactersWhole() {
        let long = String(repeating: "Ștefan Drăgulescu ", count: 6)
        let words = MailMessage.encodedWords(long).components(separatedBy: "\r\n ")
        XCTAssertGreaterThan(words.count, 1)
        var decoded = Data()
        for w in words {
            XCTAssertLessThanOrEqual(w.count, 75)
            let b64 = w.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let part = Data(base64Encoded: String(b64))!
            XCTAssertNotNil(String(data: part, encoding: .utf8), "each word decodes on its own")
            decoded += part
        }
        XCTAssertEqual(String(data: decoded, encoding: .utf8), long)
    }

    func testQuotedPrintable() {
        let qp = MailMessage.quotedPrintable(
            "Grüße = 100%\n.leading dot\ntrailing space \n" + String(repeating: "x", count: 100) + "\n")
        let lines = qp.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "Gr=C3=BC=C3=9Fe =3D 100%")
        XCTAssertEqual(lines[1], "=2Eleading dot")
        XCTAssertEqual(lines[2], "trailing space=20")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 76 })
        XCTAssertTrue(lines[3].hasSuffix("="))
        XCTAssertEqual(lines[3].dropLast() + lines[4], Substring(String(repeating: "x", count: 100)))
    }

    func testAddressParsing() {
        XCTAssertEqual(
            MailAddress.parse("TADL Seminar <tadl@example.org>"),
            MailAddress(name: "TADL Seminar", address: "tadl@example.org"))
        XCTAssertEqual(MailAddress.parse("\"Doe, J\" <j@example.org>")?.name, "Doe, J")
        XCTAssertEqual(MailAddress.parse("tadl@example.org"), MailAddress(address: "tadl@example.org"))
        XCTAssertNil(MailAddress.parse("not an address"))
        XCTAssertNil(MailAddress.parse("x <a@b.org>\r\nBcc: c@d.org"))
    }
}

final class ReminderPlanTests: XCTestCase {
    let due = Date(timeIntervalSince1970: 1_736_981_940)  // 2025-01-15T22:59:00Z

    func testWindows() {
        XCTAssertEqual(ReminderWindow.parse("7d")?.seconds, 7 * 86400)
        XCTAssertEqual(ReminderWindow.parse("12h")?.seconds, 12 * 3600)
        XCTAssertEqual(ReminderWindow.parse("2w")?.description, "14d")
        XCTAssertNil(ReminderWindow.parse("7"))
        XCTAssertNil(ReminderWindow.parse("-1d"))
        guard case .success(let list) = ReminderWindow.parseList("1d, 7d,1d") else { return XCTFail() }
        XCTAssertEqual(list.map(\.description), ["7d", "1d"])
        guard case .failure = ReminderWindow.parseList("7d,soon") else { return XCTFail() }
    }

    func testNarrowestOpenWindowIsChosen() {
        let d = Deadline(id: 1, kind: .report, due: due, title: nil)
        let w = ReminderWindow.defaults
        XCTAssertNil(ReminderPlanner.openWindow(for: d, windows: w, now: due.addingTimeInterval(-8 * 86400)))
        XCTAssertEqual(
            ReminderPlanner.openWindow(for: d, windows: w, now: due.addingTimeInterval(-7 * 86400))?.description, "7d")
        XCTAssertEqual(
            ReminderPlanner.openWindow(for: d, windows: w, now: due.addingTimeInterval(-2 * 86400))?.description, "7d")
        XCTAssertEqual(
            ReminderPlanner.openWindow(for: d, windows: w, now: due.addingTimeInterval(-3600))?.description, "1d")
        XCTAssertNil(ReminderPlanner.openWindow(for: d, windows: w, now: due), "nothing once the deadline has passed")
    }

    func testOnlyThoseWhoOweAreReminded() {
        let students = [
            ReminderStudent(id: "1", name: "A", email: "a@x.org", submitted: [.report], hasPreferenceForm: true),
            ReminderStudent(id: "2", name: "B", email: "b@x.org", submitted: [.slides]),
        ]
        let deadlines = [
            Deadline(id: 1, kind: .report, due: due, title: nil), Deadline(id: 2, kind: .slides, due: due, title: nil),
            Deadline(id: 3, kind: .preferences, due: due, title: nil),
            Deadline(id: 4, kind: .deregistration, due: due, title: nil),
        ]
        let now = due.addingTimeInterval(-86400 * 3)
        let due = ReminderPlanner.due(
            deadlines: deadlines, students: students, windows: ReminderWindow.defaults,
            kinds: Set(ReminderPlanner.defaultKinds), now: now)
        XCTAssertEqual(due.map(\.key), ["reminder:2:1:7d", "reminder:1:2:7d", "reminder:2:3:7d"])
    }
}

final class DeadlineTests: XCTestCase {
    func testWinterTimeline() {
        XCTAssertEqual(TermTimeline.winterStartYear("Winter 2024/25"), 2024)
        XCTAssertEqual(TermTimeline.winterStartYear("WS 2025/26"), 2025)
        XCTAssertEqual(TermTimeline.winterStartYear("Wintersemester 2023/2024"), 2023)
        XCTAssertNil(TermTimeline.winterStartYear("Summer 2025"))
        XCTAssertEqual(
            TermTimeline.winter(startYear: 2024).map(\.date),
            ["2024-08-31", "2024-11-01", "2025-01-15", "2025-01-15", "2025-02-13T09:00"])
        // 15 Feb 2026 is a Sunday: the Thursday before is the 12th.
        XCTAssertEqual(TermTimeline.winter(startYear: 2025).last?.date, "2026-02-12T09:00")
    }

    func testPDFCheck() {
        let pdf = Array("%PDF-1.7\n1 0 obj\n".utf8)
        XCTAssertEqual(
            PDFCheck.check(head: pdf, tail: Array("trailer\n%%EOF\n".utf8)), .pdf(version: "1.7", complete: true))
        XCTAssertEqual(PDFCheck.check(head: pdf, tail: Array("1 0 obj".utf8)), .pdf(version: "1.7", complete: false))
        XCTAssertEqual(
            PDFCheck.check(head: [0x50, 0x4B, 0x03, 0x04, 0x14], tail: []),
            .notPDF(looksLike: "a ZIP archive (a Word .docx, PowerPoint .pptx or similar)"))
        XCTAssertEqual(PDFCheck.check(head: [], tail: []), .notPDF(looksLike: "an empty file"))
    }

    func testICalendarFoldingAndEscaping() {
        let line = "SUMMARY:" + String(repeating: "Ștefan, ", count: 20)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        XCTAssertTrue(parts.allSatisfy { $0.utf8.count <= 75 })
        XCTAssertTrue(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        XCTAssertEqual(
            parts.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined(), line)
        XCTAssertEqual(ICalendar.escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne")
    }

    func testICalendarDocument() {
        let tz = TimeZone(identifier: "Europe/Berlin")!
        let due = Date(timeIntervalSince1970: 1_736_981_940)
        let doc = ICalendarWriter(calendarName: "TADL", timeZone: tz, stamp: due)
            .document([.init(uid: "d-1@seminar", start: due, summary: "Report")])
        XCTAssertTrue(doc.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        XCTAssertTrue(doc.contains("DTSTART;TZID=Europe/Berlin:20250115T235900\r\n"))
        XCTAssertTrue(doc.contains("DTSTAMP:20250115T225900Z\r\n"))
        XCTAssertTrue(doc.contains("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST"))
        XCTAssertTrue(doc.hasSuffix("END:VCALENDAR\r\n"))
    }
}

final class ReminderTemplateTests: XCTestCase {
    func testDefaultsRenderForEveryKind() throws {
        for kind in DeadlineKind.allCases {
            let t = ReminderTemplate.standard(for: kind)
            let m = try XCTUnwrap(t.message(ReminderTemplate.sampleContext), kind.rawValue)
            XCTAssertFalse(m.subject.isEmpty)
            XCTAssertTrue(m.body.hasPrefix("Dear Ioana Crăciun,"), kind.rawValue)
            XCTAssertFalse(m.body.contains("{{"))
        }
    }

    func testPlainTextAndEmptySections() throws {
        let t = try ReminderTemplate(
            source: "Subject: {{paper_title}}\n\n{{#slot}}Slot: {{slot}}\n{{/slot}}{{^paper_id}}no paper{{/paper_id}}\n"
        )
        let m = try XCTUnwrap(t.message(["paper_title": "Bugs & <Features>", "slot": ""]))
        XCTAssertEqual(m.subject, "Bugs & <Features>", "no HTML escaping in mail text")
        XCTAssertEqual(m.body, "no paper\n", "an empty slot hides its section")
    }

    func testBadTemplatesAreRejectedWithAPosition() {
        XCTAssertThrowsError(try ReminderTemplate(source: "Subject: x\n\n{{#paper_title}}never closed\n")) { error in
            guard case SeminarError.invalidInput(let errors) = error else { return XCTFail("\(error)") }
            XCTAssertNotNil(errors.first?.line)
        }
        XCTAssertThrowsError(try ReminderTemplate(source: "Dear {{student_name}}\n"), "no subject line")
    }

    func testTheSubjectLineMustNotDependOnAValue() {
        // Passed with the example values, then failed every run for a student without a slot.
        XCTAssertThrowsError(
            try ReminderTemplate(source: "{{#slot}}Subject: Your talk{{/slot}}\n\nHi {{student_name}}\n"))
        XCTAssertNoThrow(
            try ReminderTemplate(source: "Subject: {{#slot}}Your talk{{/slot}}{{^slot}}Talks{{/slot}}\n\nHi\n"))
    }

    func testAnErrorOnTheFirstLineHasTheColumnOfTheFile() {
        // The hidden `{{% CONTENT_TYPE: TEXT}}` prefix used to shift first-line columns by 24.
        let line = "Subject: {{student_name}"
        XCTAssertThrowsError(try ReminderTemplate(source: line + "\n\nhi\n")) { error in
            guard case SeminarError.invalidInput(let errors) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(errors.first?.line, 1)
            XCTAssertLessThanOrEqual(errors.first?.column ?? .max, line.count + 1)
        }
    }

    func testSplitKeepsTheSubjectLineAndTidiesTheBody() throws {
        let t = try ReminderTemplate(source: "Subject: x\n\nbody\n")
        XCTAssertNil(ReminderTemplate.split("Dear x\n"))
        let m = try XCTUnwrap(ReminderTemplate.split("\r\n\nSUBJECT:\u{A0} Hello\tthere \r\n\r\n\n a\n\n\n\n\nb \n\n"))
        XCTAssertEqual(m.subject, "Hello\tthere")
        XCTAssertEqual(m.body, "a\n\nb\n")
        XCTAssertEqual(t.message([:])?.body, "body\n")
        XCTAssertEqual(ReminderTemplate.split("Subject:")?.body, "\n")
    }

    func testTheFillerGivesWhatRenderingGives() throws {
        let perStudent = ["student_name", "student_id", "paper_title", "slot"]
        let sources =
            DeadlineKind.allCases.map { ReminderTemplate.defaultSource(for: $0) } + [
                "Subject: {{student_name}}{{^paper_title}} (no paper){{/paper_title}}\n\n{{#slot}}Slot {{slot}}\n{{/slot}}"
                    + "{{#paper_title}}[{{.}}] {{student_id}}{{/paper_title}}\n\n\n\n{{window}}\n",
                "Subject: {{uppercased(student_name)}}\n\nHi {{ lowercased(student_name) }}\n",
            ]
        let students: [[String: String]] = [
            ["student_name": "Ana", "student_id": "1", "paper_title": "NTK", "slot": "Thu 10:30"],
            ["student_name": "Ben Ört", "student_id": "2", "paper_title": "", "slot": ""],
            ["student_name": " Cem ", "student_id": "3", "paper_title": "Two\nlines", "slot": ""],
            ["student_name": "Dora", "student_id": "4", "paper_title": "{{x}} & <y>", "slot": "Fri"],
        ]
        for source in sources {
            let template = try ReminderTemplate(source: source)
            let filler = TemplateFiller(template, perRecipient: perStudent)
            for window in ["7 days", "1 day"] {
                for student in students {
                    var context = ReminderTemplate.sampleContext
                    context["window"] = window
                    context.merge(student) { _, new in new }
                    let filled = filler.message(context)
                    let rendered = template.message(context)
                    XCTAssertEqual(filled?.subject, rendered?.subject, "\(source) \(student)")
                    XCTAssertEqual(filled?.body, rendered?.body, "\(source) \(student)")
                }
            }
        }
    }
}
