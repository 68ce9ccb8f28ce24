// The compiled core of resample: one module, one register_* call per family.
#include <pybind11/pybind11.h>

namespace resample {
void register_config(pybind11::module_& m);
void register_pool(pybind11::module_& m);
void register_interp(pybind11::module_& m);
void register_conv_transpose(pybind11::module_& m);
void register_unpool(pybind11::module_& m);
}  // namespace resample

PYBIND11_MODULE(_core, m) {
  m.doc() = "resample's compiled kernels; use the resample package, not this module.";
  m.attr("__version__") = RESAMPLE_VERSION;
  resample::register_config(m);
  resample::register_pool(m);
  resample::register_interp(m);
  resample::register_conv_transpose(m);
  resample::register_unpool(m);
}
