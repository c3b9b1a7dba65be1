// transport_rtt: round-trip time of a small message between two processes
// over the transports the process-pool executor could use, on this machine.
// The process pool's choice (a socketpair per worker) rests on these numbers.
//
//   build/bin/transport_rtt [round_trips]
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr std::size_t message_size = 16;

void echo_forever(int in, int out) {
  char buf[message_size];
  for (;;) {
    std::size_t got = 0;
    while (got < sizeof buf) {
      ssize_t n = read(in, buf + got, sizeof buf - got);
      if (n <= 0) _exit(0);
      got += static_cast<std::size_t>(n);
    }
    if (write(out, buf, sizeof buf) != static_cast<ssize_t>(sizeof buf)) _exit(1);
  }
}

double measure(int to_child, int from_child, int round_trips) {
  char buf[message_size] = {};
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < round_trips; ++i) {
    if (write(to_child, buf, sizeof buf) != static_cast<ssize_t>(sizeof buf)) std::exit(1);
    std::size_t got = 0;
    while (got < sizeof buf) {
      ssize_t n = read(from_child, buf + got, sizeof buf - got);
      if (n <= 0) std::exit(1);
      got += static_cast<std::size_t>(n);
    }
  }
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / round_trips;
}

double socketpair_rtt(int round_trips) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) std::exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    echo_forever(fds[1], fds[1]);
  }
  close(fds[1]);
  double us = measure(fds[0], fds[0], round_trips);
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return us;
}

double pipes_rtt(int round_trips) {
  int down[2], up[2];
  if (pipe(down) != 0 || pipe(up) != 0) std::exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    close(down[1]);
    close(up[0]);
    echo_forever(down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  double us = measure(down[1], up[0], round_trips);
  close(down[1]);
  close(up[0]);
  waitpid(pid, nullptr, 0);
  return us;
}

}  // namespace

int main(int argc, char** argv) {
  int round_trips = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::printf("transport,bytes,round_trips,us_per_round_trip\n");
  std::printf("socketpair,%zu,%d,%.2f\n", message_size, round_trips, socketpair_rtt(round_trips));
  std::printf("pipes,%zu,%d,%.2f\n", message_size, round_trips, pipes_rtt(round_trips));
}
