// libexif (Debian 12: libexif-dev 0.6.24), found through pkg-config `libexif`.
// exif_data_get_entry is a macro and does not import into Swift: RelayMedia calls
// exif_content_get_entry over the ExifData.ifd tuple instead.
#ifndef RELAY_CEXIF_SHIM_H
#define RELAY_CEXIF_SHIM_H
#include <stdlib.h>
#include <libexif/exif-data.h>
#include <libexif/exif-content.h>
#include <libexif/exif-entry.h>
#include <libexif/exif-tag.h>
#include <libexif/exif-ifd.h>
#include <libexif/exif-utils.h>
#include <libexif/exif-byte-order.h>
#include <libexif/exif-format.h>
#endif
