import XCTest
final class PlaceholderSeminarCoreTests: XCTestCase { func testNothing() {} }
