#!/usr/bin/env python3
"""Holds N idle TCP connections to 127.0.0.1:PORT for a test, in a process of its own (descriptor limits are per
process). Prints "ready N" once all are connected. Reads commands on stdin: "ping STEP" sends one byte on every
STEP-th connection and prints "pong K" with the number that echoed it back; end of input closes everything."""
import socket
import sys


def main() -> None:
    port, count = int(sys.argv[1]), int(sys.argv[2])
    connections = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=10)
        connections.append(connection)
    print(f"ready {len(connections)}", flush=True)
    for line in sys.stdin:
        words = line.split()
        if words and words[0] == "ping":
            step = int(words[1])
            echoed = 0
            for connection in connections[::step]:
                connection.sendall(b"p")
                if connection.recv(1) == b"p":
                    echoed += 1
            print(f"pong {echoed}", flush=True)
    for connection in connections:
        connection.close()


if __name__ == "__main__":
    main()
