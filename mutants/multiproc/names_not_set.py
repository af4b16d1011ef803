"""run_processes never names the processes (they keep the default Process-N names)."""
import multiprocessing


def run_processes(target, arg_tuples, name_prefix="worker"):
    procs = [multiprocessing.Process(target=target, args=tuple(args)) for args in arg_tuples]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    return [proc.exitcode for proc in procs]
