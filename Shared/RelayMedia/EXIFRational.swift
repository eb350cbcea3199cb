/// An unsigned EXIF RATIONAL (two 32-bit integers), as written by ``EXIFBuilder``.
package struct EXIFRational: Sendable, Hashable {
    /// Numerator.
    package var numerator: UInt32
    /// Denominator (0 makes the value undefined; readers ignore it).
    package var denominator: UInt32

    /// `numerator / denominator`.
    package init(_ numerator: UInt32, _ denominator: UInt32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value, or `nil` for a zero denominator.
    package var value: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
