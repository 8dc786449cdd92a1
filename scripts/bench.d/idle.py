#!/usr/bin/env python3
"""Opens COUNT TCP connections to HOST:PORT and keeps them open and idle (nothing is sent) until it is
terminated or HOLD seconds have passed. Prints "ready COUNT" once every connect() has returned.

    idle.py HOST PORT COUNT HOLD

Used by scripts/bench to measure a proxy's memory per idle connection: in mode tcp the proxy then holds COUNT
client connections and COUNT connections to its server.
"""
import resource
import signal
import socket
import sys
import time


def main() -> int:
    host, port, count, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = count + 64
    if soft != resource.RLIM_INFINITY and soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            print(f"idle.py: {count} connections need {need} descriptors, the limit is {hard}", file=sys.stderr)
            return 2
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sockets = []
    for index in range(count):
        try:
            sockets.append(socket.create_connection((host, port), timeout=10))
        except OSError as error:
            print(f"idle.py: connection {index + 1} of {count} to {host}:{port} failed: {error}", file=sys.stderr)
            return 1
    print("ready", len(sockets), flush=True)
    time.sleep(hold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
