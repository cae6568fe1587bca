// The Catch2 runner, in a file of its own: it takes ~20 s to compile, so it is built once.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
