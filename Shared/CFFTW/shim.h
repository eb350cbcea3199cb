// FFTW 3, single precision (fftwf_*), from Debian's libfftw3-dev (found through pkg-config
// `fftw3f`, linked as -lfftw3f). Only the planner is not thread-safe: RelaySync serialises plan
// creation and destruction behind one lock and executes plans with the new-array execute functions
// (fftwf_execute_dft_r2c / fftwf_execute_dft_c2r) on buffers each plan owner allocated itself.
// Planner flags are `#define`s built from shifts; the constants below import into Swift reliably.
#ifndef RELAY_CFFTW_SHIM_H
#define RELAY_CFFTW_SHIM_H
#include <stddef.h>
#include <fftw3.h>

/// FFTW_ESTIMATE: cheap heuristic planning (FFTW_MEASURE would time candidate plans: slow).
static const unsigned int relay_fftw_estimate = FFTW_ESTIMATE;
/// FFTW_DESTROY_INPUT: a c2r transform may overwrite its complex input (the default for c2r).
static const unsigned int relay_fftw_destroy_input = FFTW_DESTROY_INPUT;
#endif
