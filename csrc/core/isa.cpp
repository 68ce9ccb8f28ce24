#include "core/isa.hpp"

namespace resample {

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::baseline: return "baseline";
    case Isa::avx2: return "avx2";
    case Isa::avx512: return "avx512";
  }
  return "unknown";
}

bool parse_isa(const std::string& name, Isa& isa) {
  for (Isa candidate : {Isa::baseline, Isa::avx2, Isa::avx512}) {
    if (name == isa_name(candidate)) {
      isa = candidate;
      return true;
    }
  }
  return false;
}

std::vector<Isa> compiled_isas() {
  std::vector<Isa> levels{Isa::baseline};
#ifdef RESAMPLE_HAVE_ISA_AVX2
  levels.push_back(Isa::avx2);
#endif
#ifdef RESAMPLE_HAVE_ISA_AVX512
  levels.push_back(Isa::avx512);
#endif
  return levels;
}

bool cpu_supports(Isa isa) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  // __builtin_cpu_supports also checks that the OS saves the YMM/ZMM state.
  switch (isa) {
    case Isa::baseline: return true;
    case Isa::avx2:  // what -march=x86-64-v3 may emit
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
             __builtin_cpu_supports("f16c") && __builtin_cpu_supports("lzcnt") &&
             __builtin_cpu_supports("movbe");
    case Isa::avx512:  // what -march=x86-64-v4 may emit
      return cpu_supports(Isa::avx2) && __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd");
  }
  return false;
#else
  return isa == Isa::baseline;
#endif
}

std::vector<Isa> available_isas() {
  std::vector<Isa> levels;
  for (Isa isa : compiled_isas())
    if (cpu_supports(isa)) levels.push_back(isa);
  return levels;
}

}  // namespace resample
