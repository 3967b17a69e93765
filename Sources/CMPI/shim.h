// The MPI boundary of ioshock-mpi: Open MPI's C API (Debian: libopenmpi-dev; include path from
// pkg-config ompi, /usr/lib/x86_64-linux-gnu/openmpi/include). It provides no Swift API of its
// own; Sources/ioshock-mpi/MPIExchange.swift wraps it.
#ifndef IOSHOCK_CMPI_SHIM_H
#define IOSHOCK_CMPI_SHIM_H

#include <mpi.h>

// Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_MIN…) are macros over the addresses of
// predefined globals, which Swift does not import: return them from functions.
static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype cmpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype cmpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype cmpi_char(void) { return MPI_CHAR; }
static inline MPI_Op cmpi_min(void) { return MPI_MIN; }
static inline MPI_Op cmpi_max(void) { return MPI_MAX; }
static inline void *cmpi_in_place(void) { return MPI_IN_PLACE; }
static inline int cmpi_success(void) { return MPI_SUCCESS; }
static inline int cmpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }

#endif
