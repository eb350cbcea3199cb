import Foundation

/// The EXIF fields Relay uses, as read by ``EXIFReader``. Every field is optional: a file without
/// EXIF (or with a damaged block) gives an empty value, never an error.
///
/// Encodes with seed 001's `exif` keys (`iso`, `shutter`, `aperture`, `timestamp`) plus snake_case
/// extras, so it can be stored as the image's `exif` object directly. `nil` fields are omitted.
package struct EXIFMetadata: Sendable, Hashable, Codable {
    /// ISO speed (`ISOSpeedRatings`/`PhotographicSensitivity`, 0x8827), first value.
    package var iso: Int?
    /// Exposure time as photographers write it: `"1/250"` below one second (`1/round(1/t)`),
    /// a plain decimal such as `"2"` or `"1.5"` from one second up.
    package var shutter: String?
    /// Exposure time in seconds.
    package var exposureSeconds: Double?
    /// `"f/1.8"`, `"f/8"`: the f-number to one decimal, a trailing `.0` dropped. From `FNumber`, or
    /// from the APEX `ApertureValue` (N = 2^(Av/2)) when only that is present.
    package var aperture: String?
    /// The f-number as a number.
    package var fNumber: Double?
    /// `DateTimeOriginal` (falling back to `DateTime`) as ISO 8601, e.g. `"2025-01-15T10:01:00"`.
    ///
    /// EXIF stores the camera's wall-clock time without a zone. When the file has
    /// `OffsetTimeOriginal` (EXIF 2.31, e.g. `+02:00`) it is appended; otherwise the string has **no
    /// zone designator** and means "local time where the photo was taken" — deciding to read it as
    /// UTC (or as the site's zone) is the caller's choice, made in one place.
    package var timestamp: String?
    /// `PixelXDimension` (0xA002): the width the camera recorded (stored orientation).
    package var pixelWidth: Int?
    /// `PixelYDimension` (0xA003).
    package var pixelHeight: Int?
    /// `Orientation` (0x0112) when it is 1–8.
    package var orientation: ImageOrientation?
    /// Camera maker (`Make`), trimmed.
    package var make: String?
    /// Camera model (`Model`), trimmed.
    package var model: String?

    /// The exposure the settings gave, as ISO 100 exposure value: `log2(N²/t) − log2(ISO/100)`; `nil`
    /// unless the f-number, exposure time and ISO are all known. A daylight scene is metered at
    /// about 12–15, a lit interior at 5–8, dusk and night at 0–4.
    package var ev100: Double? {
        guard let fNumber, let exposureSeconds, let iso, fNumber > 0, exposureSeconds > 0, iso > 0 else { return nil }
        return log2(fNumber * fNumber / exposureSeconds) - log2(Double(iso) / 100)
    }

    /// An empty value; set the fields you know.
    package init(
        iso: Int? = nil, shutter: String? = nil, exposureSeconds: Double? = nil, aperture: String? = nil,
        fNumber: Double? = nil, timestamp: String? = nil, pixelWidth: Int? = nil, pixelHeight: Int? = nil,
        orientation: ImageOrientation? = nil, make: String? = nil, model: String? = nil
    ) {
        self.iso = iso
        self.shutter = shutter
        self.exposureSeconds = exposureSeconds
        self.aperture = aperture
        self.fNumber = fNumber
        self.timestamp = timestamp
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.orientation = orientation
        self.make = make
        self.model = model
    }

    /// True when no field was found.
    package var isEmpty: Bool { self == EXIFMetadata() }

    enum CodingKeys: String, CodingKey {
        case iso, shutter, aperture, timestamp, orientation, make, model
        case exposureSeconds = "exposure_seconds"
        case fNumber = "f_number"
        case pixelWidth = "pixel_width"
        case pixelHeight = "pixel_height"
    }
}
