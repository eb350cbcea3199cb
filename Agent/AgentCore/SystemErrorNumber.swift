import Foundation

/// An `errno` as an error: the system's text for it, and a `POSIXError` for checks such as "no space
/// left on device".
package struct SystemErrorNumber: Error, Sendable, Equatable, CustomStringConvertible {
    package let number: Int32

    package init(_ number: Int32) { self.number = number }

    /// The calling thread's `errno` now.
    package static var current: SystemErrorNumber { SystemErrorNumber(errno) }

    package var description: String { String(cString: strerror(number)) }

    /// The same number as Foundation's `POSIXError`, when it names one.
    package var posix: POSIXError? { POSIXErrorCode(rawValue: number).map { POSIXError($0) } }
}
