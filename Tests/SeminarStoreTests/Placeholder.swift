import XCTest
final class PlaceholderSeminarStoreTests: XCTestCase { func testNothing() {} }
