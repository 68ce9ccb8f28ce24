// x86-64 instruction-set levels the kernels are compiled for, and which one runs.
#pragma once
#include <string>
#include <vector>

namespace resample {

// Ordered from lowest to highest; a level may use everything below it.
enum class Isa : int { baseline = 0, avx2 = 1, avx512 = 2 };

const char* isa_name(Isa isa);
// Parses "baseline" | "avx2" | "avx512"; returns false for anything else.
bool parse_isa(const std::string& name, Isa& isa);
// Levels compiled into this build, lowest first.
std::vector<Isa> compiled_isas();
// Whether this CPU (and its OS, which must save the wide registers) can run `isa`.
bool cpu_supports(Isa isa);
// Compiled levels this CPU can run, lowest first.
std::vector<Isa> available_isas();

}  // namespace resample
