/// An unsigned EXIF RATIONAL (two 32-bit integers), as written by ``EXIFBuilder``.
public struct EXIFRational: Sendable, Hashable {
    /// Numerator.
    public var numerator: UInt32
    /// Denominator (0 makes the value undefined; readers ignore it).
    public var denominator: UInt32

    /// `numerator / denominator`.
    public init(_ numerator: UInt32, _ denominator: UInt32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value, or `nil` for a zero denominator.
    public var value: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
