/// What a JPEG's frame header says, read without decoding any pixels.
package struct JPEGHeader: Sendable, Hashable {
    /// Stored width (before EXIF orientation).
    package let width: Int
    /// Stored height (before EXIF orientation).
    package let height: Int
    /// Chroma subsampling as TurboJPEG reports it (`TJSAMP_*`; 5 is grayscale).
    package let subsampling: Int32
    /// JPEG colour space as TurboJPEG reports it (`TJCS_*`: 0 RGB, 1 YCbCr, 2 gray, 3 CMYK, 4 YCCK).
    package let colorspace: Int32

    /// Stored dimensions after the DCT scale.
    package func size(at scale: JPEGScale) -> (width: Int, height: Int) {
        (scale.scaled(width), scale.scaled(height))
    }
}
