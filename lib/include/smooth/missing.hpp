// What an EMA does with a missing (NaN) scalar sample. pandas' ewm(ignore_na=...) is the model.
#ifndef SMOOTH_MISSING_HPP
#define SMOOTH_MISSING_HPP

namespace smooth {

enum class missing_policy {
    /// pandas ignore_na=False (its default): the missing sample still takes a step of time,
    /// so older samples lose weight by beta as if it were there, but it adds no weight itself.
    decay,
    /// pandas ignore_na=True: the missing sample is dropped as if it never arrived.
    skip,
    /// No check at all: NaN enters the average and every later value is NaN.
    propagate,
};

} // namespace smooth

#endif
