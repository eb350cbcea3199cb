// libsystemd's daemon API (sd_notify, sd_watchdog_enabled) from Debian's libsystemd-dev (pkg-config
// `libsystemd`). Both functions are thread-safe: they only read the environment and send a datagram.
#ifndef RELAY_CSYSTEMD_SHIM_H
#define RELAY_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#endif
