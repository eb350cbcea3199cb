// libheif (Debian 12: libheif-dev 1.15.1). Its header lives in a multiarch folder
// (/usr/include/<triplet>/libheif): the include path comes from pkg-config `libheif`, never a
// hard-coded path.
#ifndef RELAY_CHEIF_SHIM_H
#define RELAY_CHEIF_SHIM_H
#include <libheif/heif.h>
#endif
