// A list of element types, for the kernels a table holds per type and the
// dtypes a binding accepts.
#pragma once

namespace resample {

template <class... Ts>
struct TypeList {};

}  // namespace resample
