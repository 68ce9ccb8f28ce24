// Block<T>: one SIMD register of T as a single value, for kernels that
// vectorize across neighbouring outputs: a GCC/Clang generic vector of the
// ISA level's native width (wider ones are split into scalar code for
// selects).
// Operations are element-wise, so results do not depend on the width.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace resample {
namespace RESAMPLE_ISA_NS {

#if defined(__AVX512F__)
constexpr std::int64_t block_bytes = 64;
#elif defined(__AVX__)
constexpr std::int64_t block_bytes = 32;
#else
constexpr std::int64_t block_bytes = 16;  // SSE2, NEON
#endif
// Scratch buffers carry slack for the widest block (see pool_plan).
static_assert(block_bytes <= 64, "scratch slack assumes blocks of at most 64 bytes");

template <class T>
constexpr std::int64_t block_size = block_bytes / static_cast<std::int64_t>(sizeof(T));

#if defined(__GNUC__)
// GCC ignores vector_size on a dependent type, so each element type gets its
// vector type by name.
template <class T>
struct BlockOf;
#define RESAMPLE_BLOCK_OF(T)                                   \
  template <>                                                  \
  struct BlockOf<T> {                                          \
    typedef T type __attribute__((vector_size(block_bytes))); \
  };
RESAMPLE_BLOCK_OF(float)
RESAMPLE_BLOCK_OF(double)
RESAMPLE_BLOCK_OF(std::int8_t)
RESAMPLE_BLOCK_OF(std::uint8_t)
RESAMPLE_BLOCK_OF(std::int16_t)
RESAMPLE_BLOCK_OF(std::uint16_t)
RESAMPLE_BLOCK_OF(std::int32_t)
RESAMPLE_BLOCK_OF(std::uint32_t)
RESAMPLE_BLOCK_OF(std::int64_t)
RESAMPLE_BLOCK_OF(std::uint64_t)
#undef RESAMPLE_BLOCK_OF
template <class T>
using Block = typename BlockOf<T>::type;
#else
#error "resample's kernels need GCC or Clang vector extensions"
#endif

// The signed integer of n bytes: the lane type of shuffle indices.
template <std::size_t N>
using SignedOfSize = std::conditional_t<
    N == 1, std::int8_t,
    std::conditional_t<N == 2, std::int16_t, std::conditional_t<N == 4, std::int32_t, std::int64_t>>>;

template <class T>
Block<T> load(const T* p) {
  Block<T> b;
  std::memcpy(&b, p, sizeof b);
  return b;
}

template <class T>
void store(T* p, const Block<T>& b) {
  std::memcpy(p, &b, sizeof b);
}

template <class T>
Block<T> broadcast(T x) {
  return x - Block<T>{};  // a scalar operand is splatted; x - 0 is exactly x, even -0
}

// v > acc ? v : acc, element-wise, for blocks and scalars alike. For float
// blocks on x86 it is one max instruction, which returns its second operand
// on ties and NaN: exactly this rule. Written as a select next to a NaN test
// (max pooling's rule), GCC fuses both into compares and a mask blend, a
// longer chain per tap.
template <class V>
V larger(const V& acc, const V& v) {
  return v > acc ? v : acc;
}
#if defined(__AVX512F__)
// (The masked form with every lane selected: GCC 12's _mm512_max_ps passes an
// undefined register that -Wmaybe-uninitialized reports.)
inline Block<float> larger(const Block<float>& acc, const Block<float>& v) {
  return _mm512_mask_max_ps(acc, __mmask16(0xFFFF), v, acc);
}
inline Block<double> larger(const Block<double>& acc, const Block<double>& v) {
  return _mm512_mask_max_pd(acc, __mmask8(0xFF), v, acc);
}
#elif defined(__AVX__)
inline Block<float> larger(const Block<float>& acc, const Block<float>& v) { return _mm256_max_ps(v, acc); }
inline Block<double> larger(const Block<double>& acc, const Block<double>& v) { return _mm256_max_pd(v, acc); }
#elif defined(__SSE2__)
inline Block<float> larger(const Block<float>& acc, const Block<float>& v) { return _mm_max_ps(v, acc); }
inline Block<double> larger(const Block<double>& acc, const Block<double>& v) { return _mm_max_pd(v, acc); }
#endif

// Elements p[0], p[s], p[2s], ... of one block. Stride is a compile-time
// constant for the common 1 and 2 (0: use the run-time s).
template <int Stride, class T>
Block<T> load_every(const T* p, std::int64_t s) {
  if constexpr (Stride == 1) {
    return load(p);
  }
#if defined(__GNUC__) && !defined(__clang__)
  else if constexpr (Stride == 2) {
    // Even elements of two consecutive blocks: a shuffle, not a gather.
    Block<SignedOfSize<sizeof(T)>> evens;
    for (std::int64_t j = 0; j < block_size<T>; ++j) evens[j] = static_cast<SignedOfSize<sizeof(T)>>(2 * j);
    return __builtin_shuffle(load(p), load(p + block_size<T>), evens);
  }
#endif
  else {
    Block<T> b;
    for (std::int64_t j = 0; j < block_size<T>; ++j) b[j] = p[j * (Stride > 0 ? Stride : s)];
    return b;
  }
}

// Elements lo[idx[j]] (idx[j] < B) or hi[idx[j] - B] of two blocks, idx a
// run-time block of same-width integers: one or two permute instructions on
// AVX2/AVX-512.
template <class T, class Index>
Block<T> permute2(const Block<T>& lo, const Block<T>& hi, const Block<Index>& idx) {
  static_assert(sizeof(T) == sizeof(Index), "permute indices must have the width of the elements");
#if defined(__GNUC__) && !defined(__clang__)
  return __builtin_shuffle(lo, hi, idx);
#else
  Block<T> r;
  for (std::int64_t j = 0; j < block_size<T>; ++j)
    r[j] = idx[j] < block_size<T> ? lo[idx[j]] : hi[idx[j] - block_size<T>];
  return r;
#endif
}

// The same over four blocks b[0..3] (idx[j] < 4B): two permutes and a select.
template <class T, class Index>
Block<T> permute4(const Block<T>* b, const Block<Index>& idx) {
  const Block<Index> two_blocks = broadcast(static_cast<Index>(2 * block_size<T>));
  const Block<T> low = permute2<T, Index>(b[0], b[1], idx), high = permute2<T, Index>(b[2], b[3], idx - two_blocks);
  return idx < two_blocks ? low : high;
}

// uint8 as 16-bit lanes (the 2x2 box filter's exact integer path): a block
// of uint16 from as many bytes, and back (values below 256).
typedef std::uint8_t HalfBytes __attribute__((vector_size(block_bytes / 2)));
using Words = Block<std::uint16_t>;

inline Words load_words(const std::uint8_t* p) {
#if defined(__AVX512BW__)
  const auto bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return reinterpret_cast<Words>(_mm512_maskz_cvtepu8_epi16(~__mmask32{0}, bytes));  // (masked: see load_as)
#elif defined(__AVX2__)
  return reinterpret_cast<Words>(_mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
#elif defined(__SSE2__) && !defined(__AVX512F__)
  const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return reinterpret_cast<Words>(_mm_unpacklo_epi8(bytes, _mm_setzero_si128()));
#else
  Words w;
  for (std::int64_t j = 0; j < block_size<std::uint16_t>; ++j) w[j] = p[j];
  return w;
#endif
}

inline void store_words(std::uint8_t* p, const Words& w) {
#if defined(__AVX512BW__)
  const HalfBytes bytes = __builtin_convertvector(w, HalfBytes);  // one vpmovwb
  std::memcpy(p, &bytes, sizeof bytes);
#elif defined(__AVX2__)
  const __m256i v = reinterpret_cast<__m256i>(w);
  const __m128i packed = _mm_packus_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), packed);
#elif defined(__SSE2__) && !defined(__AVX512F__)
  const __m128i v = reinterpret_cast<__m128i>(w);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(v, v));
#else
  for (std::int64_t j = 0; j < block_size<std::uint16_t>; ++j) p[j] = static_cast<std::uint8_t>(w[j]);
#endif
}

// Two blocks of uint16 (values below 256) as 2V = block_bytes bytes,
// streamed past the caches to p (aligned to block_bytes): the exact integer
// path's large outputs, which would otherwise be read before written.
inline void stream_words2(std::uint8_t* p, const Words& a, const Words& b) {
#if defined(__AVX512BW__)
  // Two half-line stores fill one write-combining line. (Masked forms: the
  // plain ones, and joining halves into one register, trip GCC 12's
  // maybe-uninitialized.)
  _mm256_stream_si256(reinterpret_cast<__m256i*>(p),
                      _mm512_maskz_cvtepi16_epi8(~__mmask32{0}, reinterpret_cast<__m512i>(a)));
  _mm256_stream_si256(reinterpret_cast<__m256i*>(p + 32),
                      _mm512_maskz_cvtepi16_epi8(~__mmask32{0}, reinterpret_cast<__m512i>(b)));
#elif defined(__AVX2__)
  const __m256i packed = _mm256_packus_epi16(reinterpret_cast<__m256i>(a), reinterpret_cast<__m256i>(b));
  _mm256_stream_si256(reinterpret_cast<__m256i*>(p), _mm256_permute4x64_epi64(packed, 0xD8));  // undo the lane split
#elif defined(__SSE2__) && !defined(__AVX512F__)
  _mm_stream_si128(reinterpret_cast<__m128i*>(p),
                   _mm_packus_epi16(reinterpret_cast<__m128i>(a), reinterpret_cast<__m128i>(b)));
#else
  store_words(p, a);
  store_words(p + block_size<std::uint16_t>, b);
#endif
}

// uint8 images are computed in float: a block of floats from as many bytes,
// and back, rounded half up and saturated.
typedef std::uint8_t ByteLanes __attribute__((vector_size(block_size<float>)));

template <class Acc, class T>
Block<Acc> load_as(const T* p) {
  if constexpr (std::is_same_v<T, Acc>) {
    return load(p);
  } else {
    static_assert(std::is_same_v<T, std::uint8_t> && std::is_same_v<Acc, float>, "only uint8 widens");
    // GCC 12 turns a widening __builtin_convertvector into scalar code, so
    // each x86 level zero-extends to int32 with its own instruction (the
    // masked AVX-512 form: the plain one trips GCC 12's maybe-uninitialized).
#if defined(__AVX512F__)
    using Ints = Block<std::int32_t>;
    const auto bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return __builtin_convertvector(reinterpret_cast<Ints>(_mm512_maskz_cvtepu8_epi32(0xFFFF, bytes)), Block<float>);
#elif defined(__AVX2__)
    using Ints = Block<std::int32_t>;
    const auto bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    return __builtin_convertvector(reinterpret_cast<Ints>(_mm256_cvtepu8_epi32(bytes)), Block<float>);
#elif defined(__SSE2__)
    using Ints = Block<std::int32_t>;
    std::int32_t four;
    std::memcpy(&four, p, sizeof four);
    const __m128i zero = _mm_setzero_si128();
    const __m128i words = _mm_unpacklo_epi8(_mm_cvtsi32_si128(four), zero);
    return __builtin_convertvector(reinterpret_cast<Ints>(_mm_unpacklo_epi16(words, zero)), Block<float>);
#else
    Block<float> b;
    for (std::int64_t j = 0; j < block_size<float>; ++j) b[j] = p[j];
    return b;
#endif
  }
}

template <class T, class Acc>
T round_to(Acc v) {  // the scalar twin of store_as
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    v = v > 0 ? v : 0;  // also maps NaN to 0
    v = v < 255 ? v : 255;
    return static_cast<std::uint8_t>(v + 0.5f);
  } else {
    return static_cast<T>(v);
  }
}

template <class T, class Acc>
void store_as(T* p, const Block<Acc>& v) {
  if constexpr (std::is_same_v<T, Acc>) {
    store(p, v);
  } else {
    static_assert(std::is_same_v<T, std::uint8_t> && std::is_same_v<Acc, float>, "only uint8 narrows");
    const Block<float> zero = broadcast(0.0f), top = broadcast(255.0f);
    Block<float> c = v > zero ? v : zero;  // also maps NaN to 0
    c = c < top ? c : top;
    const ByteLanes bytes = __builtin_convertvector(__builtin_convertvector(c + broadcast(0.5f), Block<std::int32_t>), ByteLanes);
    std::memcpy(p, &bytes, sizeof bytes);
  }
}

// store() with a non-temporal store, which skips reading the line before
// writing it (a third of the traffic of a large output) and does not evict
// the input from cache. Needs p aligned to block_bytes; the caller ends its
// run of such stores with stream_fence(). (Narrow outputs, uint8, stream
// whole lines instead: see stream_bytes4.)
template <class T>
void stream_block(T* p, const Block<T>& v) {
#if defined(__SSE2__)
  if constexpr (block_bytes == 64) {
    _mm512_stream_si512(reinterpret_cast<__m512i*>(p), reinterpret_cast<__m512i>(v));
  } else if constexpr (block_bytes == 32) {
    _mm256_stream_si256(reinterpret_cast<__m256i*>(p), reinterpret_cast<__m256i>(v));
  } else {
    _mm_stream_si128(reinterpret_cast<__m128i*>(p), reinterpret_cast<__m128i>(v));
  }
#else
  store(p, v);
#endif
}

// Four blocks of uint8 results (floats in [0, 255], as interpolation with
// non-negative weights of uint8 data gives), rounded half up, streamed as
// one 4B-byte non-temporal store to p (aligned to 4B bytes): equal to
// store_as of each block. Streaming single narrow blocks is slow, so narrow
// outputs stream in groups. Returns false where there is no such store.
inline bool stream_bytes4(std::uint8_t* p, const Block<float>* v) {
#if defined(__AVX512F__)
  auto narrow = [](const Block<float>& b) {  // (masked forms: see load_as)
    const auto ints = __builtin_convertvector(b + broadcast(0.5f), Block<std::int32_t>);
    return _mm512_maskz_cvtusepi32_epi8(0xFFFF, reinterpret_cast<__m512i>(ints));
  };
  __m512i line = _mm512_castsi128_si512(narrow(v[0]));
  line = _mm512_inserti32x4(line, narrow(v[1]), 1);
  line = _mm512_inserti32x4(line, narrow(v[2]), 2);
  line = _mm512_inserti32x4(line, narrow(v[3]), 3);
  _mm512_stream_si512(reinterpret_cast<__m512i*>(p), line);
  return true;
#elif defined(__AVX2__)
  auto ints = [](const Block<float>& b) { return _mm256_cvttps_epi32(reinterpret_cast<__m256>(b + broadcast(0.5f))); };
  // packs interleave the 128-bit lanes; the permute puts the bytes back in order
  const __m256i words01 = _mm256_packus_epi32(ints(v[0]), ints(v[1]));
  const __m256i words23 = _mm256_packus_epi32(ints(v[2]), ints(v[3]));
  const __m256i bytes = _mm256_packus_epi16(words01, words23);
  _mm256_stream_si256(reinterpret_cast<__m256i*>(p),
                      _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
  return true;
#else
  (void)p;
  (void)v;
  return false;
#endif
}

inline void stream_fence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

// Lanes [first, first + count) of v to p[0, count): one masked store on
// AVX-512 (the lanes outside are not touched, in memory either), element by
// element elsewhere.
template <class T>
void store_lanes(T* p, const Block<T>& v, std::int64_t first, std::int64_t count) {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    const auto at = reinterpret_cast<std::uintptr_t>(p) - static_cast<std::uintptr_t>(first) * sizeof(T);
    const auto mask = ((std::uint64_t{1} << count) - 1) << first;
    if constexpr (std::is_same_v<T, float>) {
      _mm512_mask_storeu_ps(reinterpret_cast<void*>(at), static_cast<__mmask16>(mask), reinterpret_cast<__m512>(v));
    } else {
      _mm512_mask_storeu_pd(reinterpret_cast<void*>(at), static_cast<__mmask8>(mask), reinterpret_cast<__m512d>(v));
    }
    return;
  }
#endif
  for (std::int64_t j = 0; j < count; ++j) p[j] = v[first + j];
}

// The first n (< B) elements of v.
template <class T, class Acc>
void store_first(T* p, const Block<Acc>& v, std::int64_t n) {
  for (std::int64_t j = 0; j < n; ++j) p[j] = round_to<T, Acc>(v[j]);
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
