// A value that a const read may set, safely from several threads: a relaxed atomic (on x86 a
// plain load or store, no fence), copyable like the value. sma_stream's value() uses it to
// ask the next push for work (a refresh of its fast sum) without changing anything a caller
// can observe.
#ifndef SMOOTH_DETAIL_RELAXED_HPP
#define SMOOTH_DETAIL_RELAXED_HPP

#include <atomic>

namespace smooth::detail {

template <class T>
class relaxed {
public:
    relaxed(T v = T{}) noexcept : v_(v) {} // NOLINT: converts like the value
    relaxed(relaxed const& other) noexcept : v_(other.load()) {}
    relaxed& operator=(relaxed const& other) noexcept
    {
        store(other.load());
        return *this;
    }
    relaxed& operator=(T v) noexcept
    {
        store(v);
        return *this;
    }
    ~relaxed() = default;

    [[nodiscard]] T load() const noexcept { return v_.load(std::memory_order_relaxed); }
    void store(T v) const noexcept { v_.store(v, std::memory_order_relaxed); }

private:
    mutable std::atomic<T> v_;
};

} // namespace smooth::detail

#endif
