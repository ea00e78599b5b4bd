// Two threads passing blocks of work, one way: a producer fills blocks and hands them over in
// order, a consumer takes them in that order and gives them back empty. A fixed number of
// blocks circulate, so memory is bounded whatever the length of the input. Either side can
// stop the other: the producer by closing (the consumer finishes what it was handed, then
// sees the end), the consumer by failing (the producer's next wait returns nothing).
#ifndef SMOOTH_IO_HANDOFF_HPP
#define SMOOTH_IO_HANDOFF_HPP

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace smooth::io {

template <class Block>
class handoff {
public:
    explicit handoff(std::size_t blocks) : storage_(blocks)
    {
        for (auto& b : storage_) {
            free_.push_back(&b);
        }
    }
    handoff(handoff const&) = delete;
    handoff& operator=(handoff const&) = delete;

    /// Producer: an empty block to fill, waiting for one; nullptr once the consumer failed.
    Block* empty()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return failed_ || !free_.empty(); });
        if (failed_) {
            return nullptr;
        }
        Block* b = free_.front();
        free_.pop_front();
        return b;
    }

    /// Producer: a filled block, for the consumer.
    void filled(Block* b)
    {
        {
            std::lock_guard lock(mutex_);
            full_.push_back(b);
        }
        changed_.notify_all();
    }

    /// How many filled blocks wait for the consumer: more than 0 when it is behind.
    std::size_t waiting()
    {
        std::lock_guard lock(mutex_);
        return full_.size();
    }

    /// Producer: nothing more will come.
    void close()
    {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        changed_.notify_all();
    }

    /// Consumer: the next filled block, waiting for it; nullptr at the end.
    Block* next()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || !full_.empty(); });
        if (full_.empty()) {
            return nullptr;
        }
        Block* b = full_.front();
        full_.pop_front();
        return b;
    }

    /// Consumer: a block it is done with.
    void done(Block* b)
    {
        {
            std::lock_guard lock(mutex_);
            free_.push_back(b);
        }
        changed_.notify_all();
    }

    /// Consumer: it stops; the producer is told at its next wait.
    void fail()
    {
        {
            std::lock_guard lock(mutex_);
            failed_ = true;
        }
        changed_.notify_all();
    }

private:
    std::vector<Block> storage_;
    std::deque<Block*> free_;
    std::deque<Block*> full_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool closed_ = false;
    bool failed_ = false;
};

} // namespace smooth::io

#endif
