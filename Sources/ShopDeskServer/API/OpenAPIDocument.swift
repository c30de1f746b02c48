import Foundation

/// The API document, as shipped beside the binary (the same file the handlers are generated from).
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else {
            return Array("openapi: 3.1.0\ninfo: {title: ShopDesk API (document missing from this build), version: 0}\npaths: {}\n".utf8)
        }
        return Array(data)
    }()
}
