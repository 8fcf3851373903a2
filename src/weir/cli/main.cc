// The `weir` binary: dispatches subcommands.
#include <cstdio>

int main(int argc, char** argv) {
  std::puts("weir: under construction");
  return 0;
}
