// A member that is made only when it is first used: a stream's rare state (the SMA's exact
// sum, 568 bytes) costs a pointer until a window needs it, so a million streams (a file of a
// million columns) cost memory in proportion to what they hold. Copies are deep.
#ifndef SMOOTH_DETAIL_ON_DEMAND_HPP
#define SMOOTH_DETAIL_ON_DEMAND_HPP

#include <memory>

namespace smooth::detail {

template <class T>
class on_demand {
public:
    on_demand() = default;
    on_demand(on_demand const& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
    on_demand(on_demand&&) noexcept = default;
    on_demand& operator=(on_demand const& other)
    {
        if (this != &other) {
            p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
        }
        return *this;
    }
    on_demand& operator=(on_demand&&) noexcept = default;
    ~on_demand() = default;

    /// The object, made (value-initialised) on first use.
    T& operator*() const
    {
        if (!p_) {
            p_ = std::make_unique<T>();
        }
        return *p_;
    }
    T* operator->() const { return &**this; }

private:
    mutable std::unique_ptr<T> p_;
};

} // namespace smooth::detail

#endif
