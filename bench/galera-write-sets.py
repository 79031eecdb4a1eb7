#!/usr/bin/python3
"""How long a large write set on Galera holds up other nodes' commits (docs/BENCHMARKS.md, "Galera").

Writes ROWS seat-like rows through Galera node 1, in transactions of CHUNK rows each (or, with "stream:N", in one
transaction replicated in fragments of N rows), while a probe on node 2 commits single-row updates back to back; prints
the write's duration and the probe's commit latencies meanwhile. Needs bin/galera-cluster running and Debian's
python3-pymysql (apt-get install python3-pymysql).

    bench/galera-write-sets.py 1000000 1000000 100000 10000 2000 stream:10000
"""
import sys
import threading
import time

import pymysql


def connect(port, database=None):
    return pymysql.connect(host="127.0.0.1", port=port, user="asl", password="asl-galera", database=database, autocommit=True)


def main(rows, modes):
    setup = connect(3401).cursor()
    setup.execute("CREATE DATABASE IF NOT EXISTS asl_write_sets")
    setup.execute("USE asl_write_sets")
    setup.execute("DROP TABLE IF EXISTS big")
    setup.execute("DROP TABLE IF EXISTS probe")
    setup.execute("CREATE TABLE big (pool VARCHAR(64) NOT NULL, slot INT NOT NULL, instance_id VARCHAR(36) NULL,"
                  " PRIMARY KEY (pool, slot), KEY (instance_id)) ENGINE=InnoDB")
    setup.execute("CREATE TABLE probe (id INT PRIMARY KEY, v BIGINT) ENGINE=InnoDB")
    setup.execute("INSERT INTO probe VALUES (1, 0)")
    time.sleep(1)
    for mode in modes:
        setup.execute("TRUNCATE TABLE big")
        time.sleep(1)
        latencies, stop = [], [False]

        def probe():
            cursor = connect(3402, "asl_write_sets").cursor()
            while not stop[0]:
                started = time.perf_counter()
                cursor.execute("UPDATE probe SET v = v + 1 WHERE id = 1")
                latencies.append(time.perf_counter() - started)

        prober = threading.Thread(target=probe)
        prober.start()
        time.sleep(1)
        before = len(latencies)
        writer = connect(3401, "asl_write_sets").cursor()
        started = time.perf_counter()
        if mode.startswith("stream:"):
            writer.execute("SET SESSION wsrep_trx_fragment_unit = 'rows', wsrep_trx_fragment_size = " + mode[7:])
            writer.execute("BEGIN")
            writer.execute(f"INSERT INTO big (pool, slot) SELECT 'P', seq FROM seq_1_to_{rows}")
            writer.execute("SET SESSION wsrep_trx_fragment_size = 0")
            writer.execute("COMMIT")
            what = f"one transaction in fragments of {mode[7:]} rows"
        else:
            chunk = int(mode)
            for first in range(1, rows + 1, chunk):
                writer.execute("BEGIN")
                writer.execute(f"INSERT INTO big (pool, slot) SELECT 'P', seq FROM seq_{first}_to_{min(rows, first + chunk - 1)}")
                writer.execute("COMMIT")
            what = f"transactions of {chunk} rows"
        took = time.perf_counter() - started
        time.sleep(0.5)
        stop[0] = True
        prober.join()
        during = sorted(latencies[before:])
        print(f"{rows} rows, {what}: {took:.2f} s; probe commits meanwhile {len(during)}, median {during[len(during) // 2] * 1000:.1f} ms,"
              f" p99 {during[int(len(during) * 0.99)] * 1000:.1f} ms, max {during[-1] * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
