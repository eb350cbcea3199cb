import Foundation

/// An `errno` as an error: the system's text for it, and a `POSIXError` for checks such as "no space
/// left on device".
public struct SystemErrorNumber: Error, Sendable, Equatable, CustomStringConvertible {
    public let number: Int32

    public init(_ number: Int32) { self.number = number }

    /// The calling thread's `errno` now.
    public static var current: SystemErrorNumber { SystemErrorNumber(errno) }

    public var description: String { String(cString: strerror(number)) }

    /// The same number as Foundation's `POSIXError`, when it names one.
    public var posix: POSIXError? { POSIXErrorCode(rawValue: number).map { POSIXError($0) } }
}
