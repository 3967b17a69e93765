// The C boundary of ioshock: CBLAS from OpenBLAS and LAPACKE (Debian: libopenblas-dev,
// liblapacke-dev). It provides no Swift API of its own; LinearAlgebra wraps it.
#ifndef IOSHOCK_CLAPACK_SHIM_H
#define IOSHOCK_CLAPACK_SHIM_H

#include <cblas.h>
#include <lapacke.h>

// `lapack_int` is a macro in lapacke_config.h, which Swift cannot see: name its type here.
typedef lapack_int clapack_int;

#endif
