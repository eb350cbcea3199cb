import RelayAPI

// Tests only: lets assertions name a code as the seed spells it (`errorCode(response) == "ASSET_EXISTS"`).
// Production code has no such conformance, so a code there is always one of `APIErrorCode`'s constants.
extension APIErrorCode: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) {
        self.init(rawValue: value)
    }
}
