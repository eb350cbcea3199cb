// One libjpeg decode that yields both the scaled luma image and every luma block's band energies.
//
// The energies are read where libjpeg hands each block's coefficients to its inverse DCT: after
// jpeg_start_decompress has chosen the IDCT for the output scale, component 0's entry in
// cinfo->idct->inverse_DCT (struct jpeg_inverse_dct, jpegint.h, unchanged since IJG 6b) is wrapped by
// relay_idct_hook, which records the block and calls the original. So the luma samples are exactly
// libjpeg's, and the coefficients are entropy-decoded once, not twice (jpeg_read_coefficients plus a
// reduced decode would cost two Huffman passes).
#include "relay_jpeg_bands.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jpegint.h>

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *message;
    size_t message_size;
} relay_error_mgr;

typedef struct {
    struct jpeg_progress_mgr pub;
    int max_scans;
} relay_progress_mgr;

typedef struct {
    inverse_DCT_method_ptr original;
    relay_block_bands *blocks;
    long capacity;
    long count;
    int layout;
} relay_idct_context;

static void relay_fail(j_common_ptr cinfo) {
    relay_error_mgr *err = (relay_error_mgr *)cinfo->err;
    if (err->message && err->message_size > 0) {
        char text[JMSG_LENGTH_MAX];
        (*cinfo->err->format_message)(cinfo, text);
        snprintf(err->message, err->message_size, "%s", text);
    }
    longjmp(err->jump, 1);
}

static void relay_error_exit(j_common_ptr cinfo) { relay_fail(cinfo); }

// Warnings (level -1) are fatal, as TurboJPEG's TJFLAG_STOPONWARNING makes them: a truncated or
// damaged stream is an error, not an image padded with grey. Trace messages (level >= 0) are ignored.
static void relay_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0) relay_fail(cinfo);
}

// The scan limit of TurboJPEG's TJFLAG_LIMITSCANS: a progressive file with thousands of tiny scans
// is a known way to burn CPU.
static void relay_progress(j_common_ptr cinfo) {
    relay_progress_mgr *progress = (relay_progress_mgr *)cinfo->progress;
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > progress->max_scans) {
        relay_error_mgr *err = (relay_error_mgr *)cinfo->err;
        if (err->message && err->message_size > 0)
            snprintf(err->message, err->message_size, "progressive JPEG has more than %d scans", progress->max_scans);
        longjmp(err->jump, 1);
    }
}

static void relay_idct_hook(j_decompress_ptr cinfo, jpeg_component_info *compptr, JCOEFPTR coef,
                            JSAMPARRAY output_buf, JDIMENSION output_col) {
    relay_idct_context *context = (relay_idct_context *)cinfo->client_data;
    if (context->count < context->capacity && compptr->quant_table != NULL) {
        const UINT16 *q = compptr->quant_table->quantval;  // natural order, as coef
        relay_block_bands *block = &context->blocks[context->count++];
        // Written out with constant indices and paired sums: no serial chain of float additions, and no
        // index table to chase (this runs for every luma block; ~2 ms for a 12 MP frame).
#define D(i) ((float)coef[i] * (float)q[i])
#define S(i) (D(i) * D(i))
        if (context->layout == RELAY_BANDS_COARSE) {
            float c9 = S(9);
            block->low_x = S(1) + c9;
            block->high_x = (S(2) + S(3)) + (S(10) + S(11));
            block->low_y = S(8) + c9;
            block->high_y = (S(16) + S(24)) + (S(17) + S(25));
        } else {
            float c9 = S(9);
            block->low_x = (S(1) + S(2)) + (c9 + S(10));
            block->high_x = ((S(4) + S(5)) + (S(6) + S(7))) + ((S(12) + S(13)) + (S(14) + S(15)));
            block->low_y = (S(8) + S(16)) + (c9 + S(17));
            block->high_y = ((S(32) + S(40)) + (S(48) + S(56))) + ((S(33) + S(41)) + (S(49) + S(57)));
        }
#undef S
#undef D
    }
    context->original(cinfo, compptr, coef, output_buf, output_col);
}

int relay_jpeg_decode_gray_bands(const unsigned char *data, unsigned long size, int scale_denom, int layout,
                                 long max_pixels, int max_scans, relay_jpeg_bands_result *out,
                                 char *message, size_t message_size) {
    struct jpeg_decompress_struct cinfo;
    relay_error_mgr err;
    relay_progress_mgr progress;
    relay_idct_context context;
    unsigned char *volatile gray = NULL;
    relay_block_bands *volatile blocks = NULL;

    memset(out, 0, sizeof *out);
    memset(&context, 0, sizeof context);
    if (message && message_size > 0) message[0] = 0;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = relay_error_exit;
    err.pub.emit_message = relay_emit_message;
    err.message = message;
    err.message_size = message_size;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(gray);
        free(blocks);
        return RELAY_JPEG_CORRUPT;
    }
    jpeg_create_decompress(&cinfo);
    progress.pub.progress_monitor = relay_progress;
    progress.max_scans = max_scans;
    cinfo.progress = &progress.pub;
    jpeg_mem_src(&cinfo, data, size);
    jpeg_read_header(&cinfo, TRUE);
    if ((long long)cinfo.image_width * (long long)cinfo.image_height > (long long)max_pixels) {
        if (message && message_size > 0)
            snprintf(message, message_size, "JPEG is %u×%u, limit %ld pixels", cinfo.image_width, cinfo.image_height, max_pixels);
        jpeg_destroy_decompress(&cinfo);
        return RELAY_JPEG_TOO_LARGE;
    }
    cinfo.out_color_space = JCS_GRAYSCALE;
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned int)scale_denom;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);

    jpeg_component_info *luma = &cinfo.comp_info[0];
    context.capacity = (long)luma->width_in_blocks * (long)luma->height_in_blocks;
    long width = (long)cinfo.output_width, height = (long)cinfo.output_height;
    int components = cinfo.output_components;
    int source_width = (int)cinfo.image_width, source_height = (int)cinfo.image_height;
    blocks = malloc((size_t)(context.capacity > 0 ? context.capacity : 1) * sizeof(relay_block_bands));
    gray = malloc((size_t)(width * height > 0 ? width * height : 1));
    if (!blocks || !gray || components != 1) {
        if (message && message_size > 0) {
            if (components != 1) snprintf(message, message_size, "JPEG luma decode gave %d components", components);
            else snprintf(message, message_size, "out of memory for a %ld×%ld luma image", width, height);
        }
        jpeg_destroy_decompress(&cinfo);
        free(gray);
        free(blocks);
        return components != 1 ? RELAY_JPEG_CORRUPT : RELAY_JPEG_NO_MEMORY;
    }
    context.blocks = blocks;
    context.layout = layout;
    context.original = cinfo.idct->inverse_DCT[0];
    cinfo.idct->inverse_DCT[0] = relay_idct_hook;
    cinfo.client_data = &context;

    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[16];
        int n = 0;
        for (JDIMENSION y = cinfo.output_scanline; y < cinfo.output_height && n < 16; y++, n++)
            rows[n] = gray + (size_t)y * (size_t)width;
        jpeg_read_scanlines(&cinfo, rows, (JDIMENSION)n);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);

    out->width = (int)width;
    out->height = (int)height;
    out->source_width = source_width;
    out->source_height = source_height;
    out->gray = gray;
    out->blocks = blocks;
    out->block_count = context.count;
    return RELAY_JPEG_OK;
}

void relay_jpeg_bands_result_free(relay_jpeg_bands_result *result) {
    free(result->gray);
    free(result->blocks);
    result->gray = NULL;
    result->blocks = NULL;
}
