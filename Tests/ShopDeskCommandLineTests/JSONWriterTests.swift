import ShopDeskCommandLine
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    static let value = JSONWriter.Value.object([
        ("name", .string("c1")),
        ("rate", .number(0.123456, places: 4)),
        ("items", .array([.object([("ok", .bool(true)), ("at", .null)]), .integer(2)])),
        ("empty", .array([])),
    ])

    @Test(
        "each layout writes the same members in the given order, only the spacing differs",
        arguments: [
            (JSONWriter.Layout.compact, #"{"name":"c1","rate":0.1235,"items":[{"ok":true,"at":null},2],"empty":[]}"#),
            (.spaced, #"{"name": "c1", "rate": 0.1235, "items": [{"ok": true, "at": null}, 2], "empty": []}"#),
            (
                .readable,
                "{\n  \"name\": \"c1\",\n  \"rate\": 0.1235,\n  \"items\": [\n    {\"ok\": true, \"at\": null},\n    2\n  ],\n  \"empty\": []\n}"
            ),
        ])
    func layouts(layout: JSONWriter.Layout, text: String) {
        #expect(JSONWriter.text(Self.value, layout: layout) == text)
    }

    @Test("strings escape quotes, backslashes and control characters and keep everything else as it is")
    func escaping() {
        let text = JSONWriter.text(.string("a \"b\" \\ \n\r\t\u{1} ạ 👍 /"), layout: .compact)
        #expect(text == #""a \"b\" \\ \n\r\t\u0001 ạ 👍 /""#)
    }

    @Test("numbers are rounded to their places, and one that is not finite is null")
    func numbers() {
        #expect(
            JSONWriter.text(.array([.number(2.0 / 3.0, places: 2), .number(1, places: 4), .number(.nan, places: 4)]), layout: .compact)
                == "[0.67,1.0,null]")
    }
}
