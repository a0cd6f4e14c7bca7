import Foundation
import PortalForms
import XCTest

final class FormJSONSchemaTests: XCTestCase {
    func testSchemaIsValidJSONAndDescribesTheRules() throws {
        let form = try FormFixtures.shipped()
        let text = form.jsonSchema()
        let schema = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        )
        XCTAssertEqual(schema["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        XCTAssertEqual(
            schema["required"] as? [String],
            ["contact_method", "language", "timing", "topic", "confirm"]
        )
        let properties = try XCTUnwrap(schema["properties"] as? [String: [String: Any]])
        XCTAssertEqual(
            properties["contact_method"]?["enum"] as? [String],
            ["phone", "text", "email", "video"]
        )
        XCTAssertEqual(properties["message"]?["maxLength"] as? Int, 1000)
        XCTAssertEqual(properties["email"]?["format"] as? String, "email")
        XCTAssertEqual(properties["confirm"]?["const"] as? String, "yes")
        XCTAssertEqual(properties["topic"]?["type"] as? String, "array")
        XCTAssertEqual(properties["website"]?["maxLength"] as? Int, 0)
        let conditions = try XCTUnwrap(schema["allOf"] as? [[String: Any]])
        XCTAssertEqual(conditions.count, 3, "phone, email and preferred time depend on other answers")
        let phone = try XCTUnwrap(conditions.first)
        XCTAssertEqual((phone["then"] as? [String: Any])?["required"] as? [String], ["phone"])
    }

    func testSchemaIsByteForByteDeterministicWithSortedKeys() throws {
        let first = try FormFixtures.shipped().jsonSchema()
        let second = try FormFixtures.shipped().jsonSchema()
        XCTAssertEqual(first, second)
        let topKeys = first.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            String($0.split(separator: "\"")[1])
        }
        XCTAssertEqual(topKeys, topKeys.sorted())
        XCTAssertTrue(first.hasSuffix("}\n"))
    }
}
