// libjpeg-turbo's TurboJPEG API (Debian 12: libturbojpeg0-dev 2.1.5, so the TurboJPEG 2 API:
// tjDecompress2, tjScalingFactors, tjCompress2 — no tj3* functions). Found through pkg-config
// `libturbojpeg`. Macros such as TJSCALED do not import into Swift: RelayMedia re-implements them.
#ifndef RELAY_CTURBOJPEG_SHIM_H
#define RELAY_CTURBOJPEG_SHIM_H
#include <stddef.h>
#include <turbojpeg.h>
#endif
