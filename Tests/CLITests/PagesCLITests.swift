import Foundation
import XCTest

/// `schedule show --format html` and `paper list --format html` from the command line, and the
/// default day of `schedule generate`. (Tests/interop/test_pages.py validates the pages with the
/// Nu HTML checker and renders them in Chromium.)
final class PagesCLITests: XCTestCase {
    func seminarWithSchedule() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminarWithPapers()
        try cli.ok(["schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--room", "MI 02.09.023"])
        return cli
    }

    func testTheDefaultDayHasLunchAndCoffeeBreaksAndSaysSo() throws {
        let cli = try CLI()
        try cli.initFixtureSeminarWithPapers()
        let r = try cli.ok([
            "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--start", "09:00", "--end", "17:00",
            "--talk", "30",
        ])
        XCTAssertTrue(
            r.stdout.contains(
                "Decided: a 15-minute coffee break after every 3 talks (every 90 minutes of talks); 60 minutes of lunch "
                    + "at the talk boundary nearest 12:30 on days that span midday"), r.stdout)
        let rows = try cli.json(["schedule", "show", "--format", "json"])
        let pauses = rows.filter { $0["kind"] as? String != "talk" }.map {
            "\($0["day"]!) \($0["start"]!)-\($0["end"]!) \($0["kind"]!)"
        }
        XCTAssertTrue(pauses.contains("2025-02-13 10:30-10:45 break"), "\(pauses)")
        XCTAssertTrue(pauses.contains("2025-02-13 12:15-13:15 lunch"), "\(pauses)")
        // Never more than three talks (90 minutes) in a row before a pause, but at a day's end.
        var run = 0
        var day = ""
        for row in rows {
            if row["day"] as? String != day { (run, day) = (0, row["day"] as! String) }
            run = row["kind"] as? String == "talk" ? run + 1 : 0
            XCTAssertLessThanOrEqual(run, 4, "\(row)")
        }
        XCTAssertEqual(rows.filter { $0["kind"] as? String == "talk" }.count, 20)
    }

    func testExplicitPausesOrNoBreaksReplaceTheDefaults() throws {
        let cli = try CLI()
        try cli.initFixtureSeminarWithPapers()
        let none = try cli.ok(["schedule", "generate", "--day", "2025-02-13", "--end", "19:00", "--no-breaks"])
        XCTAssertFalse(none.stdout.contains("Decided"), none.stdout)
        var rows = try cli.json(["schedule", "show", "--format", "json"])
        XCTAssertEqual(rows.filter { $0["kind"] as? String != "talk" }.count, 0)
        XCTAssertEqual(rows.count, 20)
        let lunchOnly = try cli.ok([
            "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--lunch", "13:00", "--no-breaks",
        ])
        XCTAssertFalse(lunchOnly.stdout.contains("Decided"), lunchOnly.stdout)
        rows = try cli.json(["schedule", "show", "--format", "json"])
        XCTAssertEqual(
            Set(rows.filter { $0["kind"] as? String != "talk" }.map { "\($0["start"]!) \($0["kind"]!)" }),
            ["13:00 lunch"])
        let ownBreaks = try cli.ok([
            "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--break-every", "2",
        ])
        XCTAssertTrue(ownBreaks.stdout.contains("Decided: 60 minutes of lunch"), ownBreaks.stdout)
        XCTAssertFalse(ownBreaks.stdout.contains("coffee"), ownBreaks.stdout)
    }

    func testTheProgrammePageIsWrittenWithItsIntro() throws {
        let cli = try seminarWithSchedule()
        let out = cli.path("programme.html")
        let r = try cli.ok([
            "schedule", "show", "--format", "html", "--intro", CLI.fixture("programme-intro.md"), "--output", out,
        ])
        XCTAssertEqual(r.stdout, "Wrote \(out) (20 talks, html).\n")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<h1>Theoretical Advances in Deep Learning</h1>"))
        XCTAssertTrue(html.contains("<p class=\"kicker\">Block seminar · Winter 2024/25</p>"))
        XCTAssertTrue(html.contains("<strong>25 minutes of talk and 5 minutes of questions</strong>"))
        XCTAssertTrue(html.contains("<a href=\"mailto:a.craciun@tum.de\">a.craciun@tum.de</a>"))
        XCTAssertTrue(html.contains("<span class=\"what\">Lunch</span>"))
        for name in ["Linnea Bergström", "Étienne Dubois", "Sofía García López"] {
            XCTAssertTrue(html.contains("<p class=\"speaker\">\(name)</p>"), name)
        }
        XCTAssertTrue(html.contains("Neural Tangent Kernel: Convergence and Generalization in Neural Networks"))
        XCTAssertTrue(html.contains("<a href=\"https://arxiv.org/abs/1806.07572\">arXiv version (1806.07572)</a>"))
        // Standard output gives the same page.
        XCTAssertEqual(
            try cli.ok(["schedule", "show", "--format", "html", "--intro", CLI.fixture("programme-intro.md")]).stdout,
            html)
    }

    func testTheCatalogPageWithAndWithoutWhoPresents() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.ok(["paper", "list", "--format", "html"]).stdout
        XCTAssertTrue(before.contains("<p class=\"kicker\">Paper catalog</p>"))
        XCTAssertTrue(before.contains("24 papers · 26 places, 26 left"), before)
        XCTAssertTrue(before.contains("Paper id <code>ntk-jacot18</code>"))
        XCTAssertTrue(before.contains("<p class=\"places\">2 of 2 places left</p>"))
        XCTAssertTrue(before.contains("<summary>Abstract</summary>"))
        // The seed course's card: "Neurips version (12 pages)", "arXiv version (36 pages)".
        XCTAssertTrue(
            before.contains(
                "<span>NeurIPS version: 12 pages</span> "
                    + "<a href=\"https://arxiv.org/abs/1905.03684\">arXiv version (1905.03684, 36 pages)</a>"))
        XCTAssertTrue(
            try cli.ok(["paper", "show", "lipschitz-wei19"]).stdout.contains(
                "pages        12 (conference version), 36 (arXiv version)"))
        // Topics in catalog order: the first paper of the file is on training dynamics.
        let firstTopic = try XCTUnwrap(before.range(of: "<h2 id=\"topic-1-title\">training dynamics</h2>"))
        XCTAssertNotNil(firstTopic)
        try cli.ok(["assignment", "set", "03705521", "ntk-jacot18"])
        let students = try cli.json(["student", "list", "--format", "json"])
        let name = try XCTUnwrap(students.first { $0["id"] as? String == "03705521" }?["name"] as? String)
        let after = try cli.ok(["paper", "list", "--format", "html", "--with-assignments"]).stdout
        XCTAssertTrue(after.contains("<p class=\"places\">1 of 2 places left</p>"))
        XCTAssertTrue(after.contains("<p class=\"presenters\">Presented by \(name)</p>"), after)
        XCTAssertFalse(try cli.ok(["paper", "list", "--format", "html"]).stdout.contains("Presented by"))
        // A student who dropped gives no talk.
        try cli.ok(["student", "drop", "03705521", "--on", "2024-10-20"])
        let dropped = try cli.ok(["paper", "list", "--format", "html", "--with-assignments"]).stdout
        XCTAssertFalse(dropped.contains("Presented by"), dropped)
        XCTAssertTrue(dropped.contains("0 presented"), dropped)
        // csv and json carry the abstract too.
        let json = try cli.json(["paper", "list", "--format", "json"])
        let lipschitz = json.first { $0["id"] as? String == "lipschitz-wei19" }
        XCTAssertTrue((lipschitz?["abstract"] as? String)?.hasPrefix("Existing Rademacher") == true, "\(json)")
    }

    func testATitleOrNameWithMarkupShowsAsText() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "<b>Seminar</b>", "--term", "Winter 2024/25"])
        try cli.ok(["student", "add", "1", "--name", "<img src=x onerror=alert(1)>", "--email", "m@example.org"])
        try cli.ok(["paper", "add", "xss", "--title", "<script>alert(1)</script>", "--topic", "<i>t</i>"])
        try cli.ok(["assignment", "set", "1", "xss"])
        try cli.ok(["schedule", "generate", "--day", "2025-02-13"])
        for html in [
            try cli.ok(["schedule", "show", "--format", "html"]).stdout,
            try cli.ok(["paper", "list", "--format", "html", "--with-assignments"]).stdout,
        ] {
            XCTAssertFalse(html.contains("<script"), html)
            XCTAssertFalse(html.contains("<img"), html)
            XCTAssertFalse(html.contains("<i>t</i>"), html)
            XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
            XCTAssertTrue(html.contains("<h1>&lt;b&gt;Seminar&lt;/b&gt;</h1>"))
        }
    }

    func testAProgrammeBeforeAnyScheduleIsRefusedAndWritesNoFile() throws {
        let cli = try CLI()
        try cli.initFixtureSeminarWithPapers()
        let out = cli.path("programme.html")
        let r = try cli.run(["schedule", "show", "--format", "html", "--output", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("there is no schedule yet"), r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testMistakesAreRefused() throws {
        let cli = try seminarWithSchedule()
        let dump = try cli.dump()
        try "id,title,pages,arxiv_pages\nx1,A paper,twelve,36\nx2,Another,12,0\n".write(
            toFile: cli.path("pages.csv"), atomically: true, encoding: .utf8)
        let pages = try cli.run(["paper", "import", cli.path("pages.csv")])
        XCTAssertEqual(pages.status, 65)
        XCTAssertTrue(pages.stderr.contains("pages.csv:2:12: error: 'twelve' is not a number of pages"), pages.stderr)
        XCTAssertTrue(pages.stderr.contains("pages.csv:3:"), pages.stderr)
        XCTAssertEqual(try cli.run(["paper", "add", "x3", "--title", "T", "--arxiv-pages", "0"]).status, 65)
        let wrongFormat = try cli.run([
            "schedule", "show", "--format", "markdown", "--intro", CLI.fixture("programme-intro.md"),
        ])
        XCTAssertEqual(wrongFormat.status, 64)
        XCTAssertTrue(wrongFormat.stderr.contains("--intro is only for --format html"), wrongFormat.stderr)
        let assignments = try cli.run(["paper", "list", "--with-assignments"])
        XCTAssertEqual(assignments.status, 64)
        XCTAssertTrue(assignments.stderr.contains("--with-assignments is only for --format html"), assignments.stderr)
        let missing = try cli.run(["schedule", "show", "--format", "html", "--intro", "no-such.md"])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no-such.md"), missing.stderr)
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: URL(fileURLWithPath: cli.path("binary.md")))
        let binary = try cli.run(["paper", "list", "--format", "html", "--intro", cli.path("binary.md")])
        XCTAssertEqual(binary.status, 65, binary.stderr)
        XCTAssertEqual(try cli.dump(), dump)
    }
}
