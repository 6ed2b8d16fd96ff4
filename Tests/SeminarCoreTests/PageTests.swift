import Foundation
import XCTest

@testable import SeminarCore

/// The programme and catalog pages: what they show, and that data never becomes markup.
final class PageTests: XCTestCase {
    let time = SeminarTime(identifier: "Europe/Berlin")!
    let day1 = DayDate(year: 2025, month: 2, day: 13)
    let day2 = DayDate(year: 2025, month: 2, day: 14)
    let script = "<script>alert(1)</script>"
    let img = "<img src=x onerror=alert(1)>"

    func talk(_ i: Int, topic: String?, title: String? = nil, speaker: String? = nil) -> TalkRequest {
        TalkRequest(
            studentID: "0367\(i)", speaker: speaker ?? "Student \(i)", paperID: "p\(i)", title: title ?? "Paper \(i)",
            topic: topic, authors: "A. Author, B. Author", venue: "NeurIPS", year: 2019,
            url: "https://proceedings.example.org/p\(i)", arxiv: "1905.0368\(i)",
            abstract: "First paragraph of \(i).\n\nSecond paragraph.", catalogOrder: i)
    }

    func agenda(_ talks: [TalkRequest], days: [DayDate]? = nil) throws -> Agenda {
        var plan = SchedulePlan(
            days: (days ?? [day1]).map {
                ScheduleDay(day: $0, start: ClockTime("09:00")!, end: ClockTime("17:00")!, room: "MI 02.09.023")
            }, talkMinutes: 30)
        _ = plan.addDefaultPauses(lunchGiven: false, breaksGiven: false)
        plan.fill = .packed
        return try AgendaPlanner.plan(talks, plan, calendar: time.calendarInZone)
    }

    func programme(_ agenda: Agenda, intro: String? = nil) -> String {
        ProgrammePage(title: "Theoretical Advances in Deep Learning", term: "Winter 2024/25", time: time, intro: intro)
            .html(agenda)
    }

    /// How often `needle` occurs in `text`.
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testTheProgrammeShowsEachTalkWithTimeSpeakerPaperLinksAndFoldedAbstract() throws {
        let html = programme(try agenda((0..<4).map { talk($0, topic: "training dynamics") }))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(html.contains("<h1>Theoretical Advances in Deep Learning</h1>"))
        XCTAssertTrue(html.contains("<h2 id=\"day-2025-02-13-title\">Thursday, 13 February 2025</h2>"))
        XCTAssertTrue(html.contains("<h3 id=\"session-1\">training dynamics</h3>"))
        XCTAssertTrue(
            html.contains(
                "<time datetime=\"2025-02-13T09:00\">09:00</time>–<time datetime=\"2025-02-13T09:30\">09:30</time>"))
        XCTAssertTrue(html.contains("<p class=\"speaker\">Student 0</p>\n<p class=\"paper-title\">Paper 0</p>"))
        XCTAssertTrue(html.contains("<p class=\"source\">A. Author, B. Author · NeurIPS 2019</p>"))
        XCTAssertTrue(html.contains("<a href=\"https://proceedings.example.org/p0\">Conference version (NeurIPS)</a>"))
        XCTAssertTrue(html.contains("<a href=\"https://arxiv.org/abs/1905.03680\">arXiv version (1905.03680)</a>"))
        XCTAssertEqual(count("<details>", in: html), 4)
        XCTAssertTrue(
            html.contains("<summary>Abstract</summary>\n<p>First paragraph of 0.</p>\n<p>Second paragraph.</p>"))
        XCTAssertTrue(html.contains("<th scope=\"col\" class=\"time\">Time</th>"))
        XCTAssertTrue(html.contains("<main id=\"main\""))
        XCTAssertTrue(html.contains("<nav class=\"wrap contents\" aria-label=\"Days\">"))
        // Students' ids are not for a public page.
        XCTAssertFalse(html.contains("03670"))
        // One stylesheet, inlined; nothing loaded from elsewhere, no script.
        XCTAssertEqual(count("<style>", in: html), 1)
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("src="))
    }

    func testPausesStandBetweenSessionsAndATopicThatGoesOnIsMarkedContinued() throws {
        let talks = (0..<8).map { talk($0, topic: $0 < 5 ? "double descent" : "adversarial robustness") }
        let html = programme(try agenda(talks))
        XCTAssertTrue(html.contains("<span class=\"what\">Coffee break</span>"))
        XCTAssertTrue(html.contains("<span class=\"what\">Lunch</span>"))
        // 09:00 three on double descent, a break, two more and one on robustness, lunch, two more.
        XCTAssertEqual(count("<h3 ", in: html), 4)
        XCTAssertTrue(html.contains(">double descent</h3>"))
        XCTAssertTrue(html.contains(">double descent <span class=\"continued\">(continued)</span></h3>"))
        XCTAssertTrue(html.contains(">adversarial robustness</h3>"))
        // The order on the page is the order of the day.
        let breakAt = try XCTUnwrap(html.range(of: "Coffee break</span>")).lowerBound
        let lunchAt = try XCTUnwrap(html.range(of: "Lunch</span>")).lowerBound
        let continued = try XCTUnwrap(html.range(of: "(continued)")).lowerBound
        let robustness = try XCTUnwrap(html.range(of: ">adversarial robustness</h3>")).lowerBound
        let afterLunch = try XCTUnwrap(
            html.range(of: ">adversarial robustness <span class=\"continued\">(continued)</span></h3>")
        ).lowerBound
        XCTAssertTrue(breakAt < continued && continued < robustness && robustness < lunchAt && lunchAt < afterLunch)
    }

    func testADayWithoutTalksSaysSo() throws {
        let html = programme(try agenda([talk(0, topic: nil)], days: [day1, day2]))
        XCTAssertTrue(html.contains(">Other talks</h3>"))
        XCTAssertTrue(
            html.contains(
                "Friday, 14 February 2025</h2>\n<p class=\"day-facts\">MI 02.09.023</p>\n<p class=\"empty\">No talks on this day.</p>"
            ))
    }

    func testDataIsTextNeverMarkup() throws {
        var t = talk(0, topic: "<b>topic</b>", title: script, speaker: img)
        t.authors = "\"Quote\" & 'Apostrophe'"
        t.abstract = "</details><script>x()</script>"
        t.venue = "<i>NeurIPS</i>"
        let html = programme(try agenda([t]))
        for markup in [script, img, "<b>topic</b>", "</details><script>", "<i>NeurIPS</i>"] {
            XCTAssertFalse(html.contains(markup), markup)
        }
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(html.contains("&quot;Quote&quot; &amp; &#39;Apostrophe&#39;"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<img"))
    }

    func testCharactersHTMLForbidsAreReplaced() throws {
        let html = programme(try agenda([talk(0, topic: nil, title: "Bell\u{7}and\u{1B}[31m escape")]))
        XCTAssertTrue(html.contains("Bell\u{FFFD}and\u{FFFD}[31m escape"))
        XCTAssertFalse(html.contains("\u{7}"))
        XCTAssertFalse(html.contains("\u{1B}"))
    }

    func testTheIntroIsMarkdownWithEveryCharacterEscaped() {
        let html = IntroMarkdown.html(
            """
            The *block seminar* of **IN2107**: `25 + 5` minutes.
            Write to [the coordinator](mailto:a.craciun@tum.de) or see <https://www.tum.de/>.

            - one <b>item</b>
              continued
            * [a trap](javascript:alert(1)) & \(script)
            """)
        XCTAssertEqual(
            html,
            """
            <p>The <em>block seminar</em> of <strong>IN2107</strong>: <code>25 + 5</code> minutes. \
            Write to <a href="mailto:a.craciun@tum.de">the coordinator</a> or see \
            <a class="auto" href="https://www.tum.de/">https://www.tum.de/</a>.</p>
            <ul>
            <li>one &lt;b&gt;item&lt;/b&gt; continued</li>
            <li>[a trap](javascript:alert(1)) &amp; &lt;script&gt;alert(1)&lt;/script&gt;</li>
            </ul>
            """)
        XCTAssertEqual(IntroMarkdown.html("# About\ntext"), "<h2>About</h2>\n<p>text</p>")
        // No link inside a link; parentheses inside an address.
        XCTAssertEqual(
            IntroMarkdown.html(
                "See [<https://a.example>](https://b.example) and [**x <https://c.example>**](https://d.example)"),
            "<p>See <a href=\"https://b.example\">&lt;https://a.example&gt;</a> and "
                + "<a href=\"https://d.example\"><strong>x &lt;https://c.example&gt;</strong></a></p>")
        XCTAssertEqual(
            IntroMarkdown.html("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) (see there)"),
            "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">Foo</a> (see there)</p>")
        let page = programme(Agenda(days: [], items: []), intro: "Hello *all*")
        XCTAssertTrue(
            page.contains("<section class=\"intro\" aria-label=\"About the seminar\">\n<p>Hello <em>all</em></p>"))
    }

    func paper(_ id: String, topic: String?, capacity: Int = 1, url: String? = nil, arxiv: String? = nil) -> PaperInput
    {
        PaperInput(
            id: id, title: "Title of \(id)", authors: "C. Wei, T. Ma", venue: "NeurIPS", year: 2019, url: url,
            arxiv: arxiv, topic: topic, capacity: capacity, abstract: "About \(id).")
    }

    func testTheCatalogGroupsPapersByTopicWithPlacesLeftAndPresenters() {
        let entries = [
            CatalogPage.Entry(
                paper: paper("a", topic: "kernels", capacity: 2), assigned: 1, presenters: ["Jonas Müller"]),
            CatalogPage.Entry(paper: paper("b", topic: nil), assigned: 0),
            CatalogPage.Entry(paper: paper("c", topic: "kernels"), assigned: 1, presenters: ["Lena Fischer"]),
            CatalogPage.Entry(paper: paper("d", topic: "robustness", capacity: 0), assigned: 0),
        ]
        let page = CatalogPage(title: "TADL", term: "Winter 2024/25")
        let html = page.html(entries)
        XCTAssertTrue(html.contains("<p class=\"facts\">Winter 2024/25 · 4 papers · 4 places, 2 left</p>"))
        let kernels = html.range(of: ">kernels</h2>")!.lowerBound
        let robustness = html.range(of: ">robustness</h2>")!.lowerBound
        let other = html.range(of: ">Other papers</h2>")!.lowerBound
        XCTAssertTrue(kernels < robustness && robustness < other, "topics in catalog order, no topic last")
        XCTAssertTrue(html.contains("<p class=\"topic-facts\">2 papers · 1 place left</p>"))
        XCTAssertTrue(html.contains("<p class=\"places\">1 of 2 places left</p>"))
        XCTAssertTrue(html.contains("<p class=\"places full\">Taken</p>"))
        XCTAssertTrue(html.contains("<p class=\"places full\">Not offered this term</p>"))
        XCTAssertTrue(html.contains("<p class=\"places\">1 place left</p>"))
        XCTAssertTrue(html.contains("Paper id <code>a</code>"))
        XCTAssertFalse(html.contains("Presented by"), "only with --with-assignments")
        let assigned = CatalogPage(title: "TADL", term: "Winter 2024/25", withAssignments: true).html(entries)
        XCTAssertTrue(assigned.contains("<p class=\"presenters\">Presented by Jonas Müller</p>"))
        XCTAssertTrue(assigned.contains("2 presented"))
    }

    func testAnArxivPageGivenAsTheURLIsOneLinkNotTwo() {
        let same = CatalogPage.paperFields(
            title: "T", authors: nil, venue: "NeurIPS", year: nil, url: "https://arxiv.org/abs/1905.03684",
            arxiv: "1905.03684", abstract: nil)
        XCTAssertNil(same["url"])
        XCTAssertEqual(same["arxivURL"] as? String, "https://arxiv.org/abs/1905.03684")
        let onlyURL = CatalogPage.paperFields(
            title: "T", authors: nil, venue: nil, year: nil, url: "https://arxiv.org/abs/1905.03684v2", arxiv: nil,
            abstract: nil)
        XCTAssertNil(onlyURL["url"])
        XCTAssertEqual(onlyURL["arxiv"] as? String, "1905.03684v2")
    }

    func testAnchorsAreSafeAndDistinctIDs() {
        XCTAssertEqual(PageRenderer.anchor("paper", "ntk-jacot18"), "paper-ntk-jacot18")
        XCTAssertEqual(PageRenderer.anchor("paper", "\"><s>"), "paper-~22~3e~3cs~3e")
        let ids = ["a.b", "a-b", "A_B", "a_b"].map { PageRenderer.anchor("paper", $0) }
        XCTAssertEqual(Set(ids).count, 4, "\(ids)")
    }

    func testABlankTopicIsNoTopic() {
        let entries = [
            CatalogPage.Entry(paper: paper("a", topic: "  "), assigned: 0),
            CatalogPage.Entry(paper: paper("b", topic: nil), assigned: 0),
        ]
        let html = CatalogPage(title: "TADL", term: "W").html(entries)
        XCTAssertEqual(count("<h2 ", in: html), 1)
        XCTAssertTrue(html.contains(">Other papers</h2>"))
        XCTAssertFalse(html.contains(">Topics</a>"))
    }
}
