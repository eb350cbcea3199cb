// The agent's C system interfaces: libsystemd's daemon API (sd_notify, sd_watchdog_enabled) from
// Debian's libsystemd-dev (pkg-config `libsystemd`) — both thread-safe: they only read the environment
// and send a datagram — and glibc's mallopt (malloc.h, which Swift's Glibc module leaves out).
#ifndef RELAY_CSYSTEMD_SHIM_H
#define RELAY_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <malloc.h>
#endif
