#ifndef RELAY_JPEG_BANDS_H
#define RELAY_JPEG_BANDS_H

#include <stddef.h>

/// Band energies of one 8x8 luma block, from its dequantised DCT coefficients C(v, u) (v vertical,
/// u horizontal frequency; orthonormal scaling, as JPEG defines the DCT). RELAY_BANDS_FINE:
///   low_x  = sum C^2 over u in {1,2}, v in {0,1}      high_x = sum over u in 4..7, v in {0,1}
/// RELAY_BANDS_COARSE (for frames about twice the size):
///   low_x  = sum C^2 over u = 1, v in {0,1}           high_x = sum over u in {2,3}, v in {0,1}
/// and the y bands with u and v swapped. "x" is horizontal detail (vertical edges), "y" vertical.
typedef struct relay_block_bands {
    float low_x, high_x, low_y, high_y;
} relay_block_bands;

/// What relay_jpeg_decode_gray_bands produced. Free with relay_jpeg_bands_result_free.
typedef struct relay_jpeg_bands_result {
    int width, height;               // the decoded (scaled) luma image
    int source_width, source_height; // the JPEG's own size
    unsigned char *gray;             // width * height luma samples, row-major
    relay_block_bands *blocks;       // one entry per luma block the decoder saw
    long block_count;
} relay_jpeg_bands_result;

enum {
    RELAY_BANDS_FINE = 0,
    RELAY_BANDS_COARSE = 1,
};

enum {
    RELAY_JPEG_OK = 0,
    RELAY_JPEG_CORRUPT = 1,
    RELAY_JPEG_TRUNCATED = 2,
    RELAY_JPEG_TOO_LARGE = 3,
    RELAY_JPEG_NO_MEMORY = 4,
};

/// Decodes the luma of a JPEG at scale 1/scale_denom (1, 2, 4 or 8) with libjpeg and, in the same
/// pass, records each luma block's band energies in the given layout (one entropy decode for both). The luma samples are
/// the ones TurboJPEG's tjDecompress2(TJPF_GRAY) gives at that scale (same library, same IDCT).
/// Warnings are fatal (a truncated stream is an error, not a grey-padded image), images above
/// max_pixels are refused before anything is allocated, and progressive files may have at most
/// max_scans scans. On failure, message holds libjpeg's text.
int relay_jpeg_decode_gray_bands(const unsigned char *data, unsigned long size, int scale_denom, int layout,
                                 long max_pixels, int max_scans, relay_jpeg_bands_result *out,
                                 char *message, size_t message_size);

/// Frees what a successful relay_jpeg_decode_gray_bands allocated.
void relay_jpeg_bands_result_free(relay_jpeg_bands_result *result);

#endif
