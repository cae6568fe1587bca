// galley::Worker and galley::Task: helper threads placed on another core than their creator's.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sched.h>

#include "worker.hpp"

namespace {

cpu_set_t affinity_of_this_thread() {
    cpu_set_t set;
    CPU_ZERO(&set);
    REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
    return set;
}

}  // namespace

TEST_CASE("a Worker runs its work, and join rethrows what the work threw", "[worker]") {
    std::atomic<int> runs{0};
    galley::Worker worker([&] { ++runs; });
    CHECK(worker.joinable());
    worker.join();
    CHECK_FALSE(worker.joinable());
    CHECK(runs == 1);

    galley::Worker failing([] { throw std::runtime_error("broken"); });
    CHECK_THROWS_WITH(failing.join(), "broken");
    CHECK_FALSE(failing.joinable());
}

TEST_CASE("destroying a Worker waits for its work, and moving one hands the thread over", "[worker]") {
    std::atomic<bool> finished{false};
    {
        galley::Worker first([&] {
            std::atomic<int> spin{0};
            while (spin.fetch_add(1, std::memory_order_relaxed) < 2'000'000) {
            }
            finished = true;
        });
        galley::Worker second = std::move(first);
        CHECK_FALSE(first.joinable());
        CHECK(second.joinable());
    }
    CHECK(finished);
    // A Worker destroyed with an exception pending drops it instead of ending the process.
    { galley::Worker failing([] { throw std::runtime_error("dropped"); }); }
}

TEST_CASE("a Task gives the work's result or its exception", "[worker]") {
    galley::Task<std::string> task([] { return std::string("done"); });
    REQUIRE(task.valid());
    CHECK(task.get() == "done");
    galley::Task<int> failing([]() -> int { throw std::logic_error("no result"); });
    CHECK_THROWS_WITH(failing.get(), "no result");
    CHECK_FALSE(galley::Task<int>().valid());
}

TEST_CASE("a Worker's thread is placed on another core than its creator's", "[worker]") {
    const cpu_set_t mine = affinity_of_this_thread();
    int where = -1;
    cpu_set_t worker_affinity;
    CPU_ZERO(&worker_affinity);
    // The creator may be moved by the scheduler while it starts the thread; try until it was not.
    int creator_before = -1, creator_after = -2;
    for (int attempt = 0; attempt < 20 && creator_before != creator_after; ++attempt) {
        creator_before = sched_getcpu();
        galley::Worker worker([&] {
            where = sched_getcpu();
            worker_affinity = affinity_of_this_thread();
        });
        creator_after = sched_getcpu();
        worker.join();
    }
    REQUIRE(creator_before == creator_after);
    if (CPU_COUNT(&mine) >= 2) {
        // Pinned for its (short) life to one other core this thread may use.
        CHECK(CPU_COUNT(&worker_affinity) == 1);
        CHECK(CPU_ISSET(where, &worker_affinity));
        CHECK(CPU_ISSET(where, &mine));
        CHECK(where != creator_before);
    } else {
        // One core: nowhere else to go, and the thread may run wherever its creator may.
        CHECK(CPU_EQUAL(&worker_affinity, &mine));
    }
}

TEST_CASE("background jobs run in the order given, on one other thread, past a job that throws", "[worker]") {
    std::mutex mutex;
    std::vector<int> order;
    std::set<std::thread::id> threads;
    std::promise<void> last_done;
    for (int job = 0; job < 5; ++job)
        galley::run_in_background([&, job] {
            {
                std::lock_guard<std::mutex> lock(mutex);
                order.push_back(job);
                threads.insert(std::this_thread::get_id());
            }
            if (job == 2) throw std::runtime_error("dropped");
            if (job == 4) last_done.set_value();
        });
    REQUIRE(last_done.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    std::lock_guard<std::mutex> lock(mutex);
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(threads.size() == 1);
    CHECK_FALSE(threads.contains(std::this_thread::get_id()));
}
