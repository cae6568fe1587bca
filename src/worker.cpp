#include "worker.hpp"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>

#include <pthread.h>
#include <sched.h>

namespace galley {

namespace {

extern "C" void* run_job(void* argument) {
    auto* job = static_cast<Worker::JobBase*>(argument);
    try {
        job->run();
    } catch (...) {
        job->error = std::current_exception();
    }
    return nullptr;
}

// The cores this process may run on, as at the first Worker.
const cpu_set_t& allowed_cpus() {
    static const cpu_set_t allowed = [] {
        cpu_set_t set;
        CPU_ZERO(&set);
        if (sched_getaffinity(0, sizeof set, &set) != 0) CPU_ZERO(&set);
        return set;
    }();
    return allowed;
}

// A core for a new thread other than the caller's, taking the others in turn (on two cores,
// always the other one); -1 when there is no other.
int other_cpu() {
    const cpu_set_t& allowed = allowed_cpus();
    const int here = sched_getcpu();
    if (here < 0 || CPU_COUNT(&allowed) < 2) return -1;
    static std::atomic<unsigned> turn{0};
    const unsigned others = static_cast<unsigned>(CPU_COUNT(&allowed)) - (CPU_ISSET(here, &allowed) ? 1 : 0);
    unsigned skip = turn.fetch_add(1, std::memory_order_relaxed) % others;
    for (int step = 1; step <= CPU_SETSIZE; ++step) {
        const int cpu = (here + step) % CPU_SETSIZE;
        if (!CPU_ISSET(cpu, &allowed) || cpu == here) continue;
        if (skip-- == 0) return cpu;
    }
    return -1;
}

}  // namespace

void Worker::start(std::unique_ptr<JobBase> job) {
    pthread_t thread{};
    int status = EINVAL;
    if (const int cpu = other_cpu(); cpu >= 0) {
        pthread_attr_t attributes;
        if (pthread_attr_init(&attributes) == 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(cpu, &set);
            if (pthread_attr_setaffinity_np(&attributes, sizeof set, &set) == 0)
                status = pthread_create(&thread, &attributes, run_job, job.get());
            pthread_attr_destroy(&attributes);
        }
    }
    // Anywhere, when the core could not be chosen (a process confined to some cores by a
    // cgroup may be refused one it saw in its mask).
    if (status != 0) status = pthread_create(&thread, nullptr, run_job, job.get());
    if (status != 0) throw std::system_error(status, std::generic_category(), "cannot start a thread");
    job_ = std::move(job);
    thread_ = thread;
}

void Worker::wait() noexcept {
    if (job_) pthread_join(thread_, nullptr);
}

void Worker::join() {
    wait();
    const std::unique_ptr<JobBase> job = std::move(job_);
    if (job && job->error) std::rethrow_exception(job->error);
}

Worker::Worker(Worker&& other) noexcept : job_(std::move(other.job_)), thread_(other.thread_) {}

Worker& Worker::operator=(Worker&& other) noexcept {
    if (this != &other) {
        wait();
        job_ = std::move(other.job_);
        thread_ = other.thread_;
    }
    return *this;
}

Worker::~Worker() { wait(); }

namespace {

class BackgroundQueue {
public:
    void add(std::function<void()> job) {
        std::lock_guard<std::mutex> lock(mutex_);
        jobs_.push_back(std::move(job));
        if (!thread_.joinable()) thread_ = Worker([this] { run(); });
        changed_.notify_one();
    }
    ~BackgroundQueue() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        changed_.notify_one();
    }  // then thread_'s destructor waits for the job under way; jobs not started are dropped

private:
    void run() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            changed_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            std::function<void()> job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            try {
                job();
            } catch (...) {
                // Ahead-of-need work only: its consumer repeats it and reports the problem.
            }
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::function<void()>> jobs_;
    bool stop_ = false;
    Worker thread_;  // last: destroyed, and so waited for, first
};

}  // namespace

void run_in_background(std::function<void()> job) {
    static BackgroundQueue queue;
    queue.add(std::move(job));
}

}  // namespace galley
