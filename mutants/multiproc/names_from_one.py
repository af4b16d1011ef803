"""run_processes numbers the names from 1 instead of 0."""
import multiprocessing


def run_processes(target, arg_tuples, name_prefix="worker"):
    procs = [multiprocessing.Process(target=target, args=tuple(args),
                                     name=f"{name_prefix}-{i + 1}")
             for i, args in enumerate(arg_tuples)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    return [proc.exitcode for proc in procs]
