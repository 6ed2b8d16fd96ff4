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
        // The command exits 0 but leaves a child with its stderr open: the mail was sent.
        try SendmailTransport(command: "cat >/dev/null; (sleep 30 &); exit 0", timeoutSeconds: 2).send(
            message, timeZone: .gmt)
    }
}
