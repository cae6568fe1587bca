// Threads that run beside the caller on another core: galley's helper threads (prefetching,
// the layout's lookahead, painting and subsetting the PDF, the EPUB beside the PDF).
//
// Why not std::thread or std::async: on the virtual machines galley is measured on (two
// cores), the scheduler puts a new thread on the core of the thread that creates it, where it
// preempts its creator, and the other core stays idle until load balancing moves one of them,
// often milliseconds later. Measured with a throwaway program: a thread and its creator each
// spinning 2 ms took 4 ms together in three runs of five; the creator waited 2.1 ms for
// pthread_create to return the first time. galley spends ~25 ms on an article, so that
// undoes the parallelism. A Worker's thread is placed on another core when it is created
// (pthread_attr_setaffinity_np; glibc sets the affinity before the thread first runs) and
// stays there for its life, which in galley is milliseconds: both threads then always ran
// side by side (2 ms spins done in 2.1–2.2 ms, five runs of five).
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <type_traits>
#include <utility>

#include <pthread.h>

namespace galley {

class Worker {
public:
    Worker() noexcept = default;
    // Starts work() on a new thread (on another core when the process may use more than one).
    // Throws std::system_error when no thread can be started.
    template <typename Work>
    explicit Worker(Work&& work) {
        start(std::make_unique<Job<std::decay_t<Work>>>(std::forward<Work>(work)));
    }
    Worker(Worker&& other) noexcept;
    Worker& operator=(Worker&& other) noexcept;  // waits for the work it held first
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    // Waits for the work, as std::async's future does; an exception it threw is dropped.
    ~Worker();

    bool joinable() const noexcept { return job_ != nullptr; }
    // Waits for the work and rethrows what it threw, if anything.
    void join();

    struct JobBase {
        virtual ~JobBase() = default;
        virtual void run() = 0;
        std::exception_ptr error;
    };

private:
    template <typename Work>
    struct Job final : JobBase {
        explicit Job(Work given) : work(std::move(given)) {}
        void run() override { work(); }
        Work work;
    };
    void start(std::unique_ptr<JobBase> job);
    void wait() noexcept;

    std::unique_ptr<JobBase> job_;
    pthread_t thread_{};
};

// work()'s result, computed on a Worker: std::async(std::launch::async, work) on another core.
// get() waits for it (and rethrows what work threw); destroying a Task waits for the work.
template <typename Result>
class Task {
public:
    Task() = default;
    template <typename Work>
    explicit Task(Work&& work) {
        std::packaged_task<Result()> task(std::forward<Work>(work));
        result_ = task.get_future();
        worker_ = Worker(std::move(task));
    }
    bool valid() const noexcept { return result_.valid(); }
    Result get() {
        worker_.join();
        return result_.get();
    }
private:
    std::future<Result> result_;
    Worker worker_;  // declared last: destroyed, and so waited for, first
};

// Runs `job` on galley's background thread (a Worker, started with the first job), after the
// jobs given before it. For work done ahead of need (fonts, regular expressions, typefaces,
// hyphenation patterns): one thread taking them in order finishes the first soonest, where a
// thread each would share the other core among them all. A job's exception is dropped: whoever
// needs the result does the work again and meets the problem there. A job whose result may be
// needed before the thread reaches it should be one that the needer can run itself, as a
// deferred std::shared_future is (its first waiter runs it; others wait for that).
void run_in_background(std::function<void()> job);

}  // namespace galley
