"""threadpoolctl support: ``threadpoolctl.threadpool_info()`` lists resample's
thread budget and ``threadpool_limits(n)`` limits it, like any OpenMP or BLAS
library. resample keeps its own budget (``set_num_threads``) rather than
OpenMP's global one, so it needs its own controller, registered when
threadpoolctl is installed. It finds the compiled module by the C functions
it exports (csrc/bindings/threadpool_abi.cpp)."""
from __future__ import annotations

import ctypes


def register() -> None:
    import threadpoolctl

    class ResampleController(threadpoolctl.LibController):
        user_api = "openmp"          # limited along with the other OpenMP libraries
        internal_api = "resample"
        filename_prefixes = ("_core",)
        check_symbols = ("resample_get_num_threads", "resample_set_num_threads")

        def get_num_threads(self):
            get = getattr(self.dynlib, "resample_get_num_threads", None)
            return None if get is None else get()

        def set_num_threads(self, num_threads):
            set_ = getattr(self.dynlib, "resample_set_num_threads", None)
            if set_ is not None:
                set_(int(num_threads))

        def get_version(self):
            version = getattr(self.dynlib, "resample_version", None)
            if version is None:  # another library's _core module: rejected by check_symbols
                return None
            version.restype = ctypes.c_char_p
            return version().decode()

    threadpoolctl.register(ResampleController)
