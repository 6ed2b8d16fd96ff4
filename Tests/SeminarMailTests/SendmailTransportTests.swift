import Foundation
import SeminarCore
import SeminarMail
import XCTest

final class SendmailTransportTests: XCTestCase {
    let message = MailMessage(
        from: MailAddress(address: "tadl@example.org"), to: [MailAddress(address: "s@example.org")],
        subject: "x", body: "y\n", date: Date(timeIntervalSince1970: 0), messageID: "<a@example.org>")

    func testACommandThatHangsIsStoppedAndRetriedLater() {
        // Without a time limit one hung sendmail kept every later cron run waiting on its lease.
        XCTAssertThrowsError(
            try SendmailTransport(command: "sleep 30", timeoutSeconds: 1).send(message, timeZone: .gmt)
        ) { error in
            guard case TransportError.unreachable(let text) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(text.contains("did not finish"), text)
        }
    }

    func testABackgroundChildHoldingTheOutputOpenDoesNotBlock() throws {
        // The command exits 0 but leaves a child with its stdout and stderr open: the mail was
        // sent, and the run must not wait for that child (30 s) to close the pipe.
        let received = FileManager.default.temporaryDirectory
            .appendingPathComponent("sendmail-\(UUID().uuidString).eml").path
        defer { try? FileManager.default.removeItem(atPath: received) }
        let transport = SendmailTransport(command: "cat >'\(received)'; (sleep 30 &); exit 0", timeoutSeconds: 20)
        let start = Date()
        try transport.send(message, timeZone: .gmt)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, 10, "send waited for the background child")
        let text = try String(contentsOfFile: received, encoding: .utf8)
        XCTAssertTrue(text.contains("To: s@example.org"), text)
        XCTAssertTrue(text.contains("Message-ID: <a@example.org>"), text)
    }
}
