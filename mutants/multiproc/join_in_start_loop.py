"""run_processes joins each process right after starting it: the processes run one after another."""
import multiprocessing


def run_processes(target, arg_tuples, name_prefix="worker"):
    codes = []
    for i, args in enumerate(arg_tuples):
        proc = multiprocessing.Process(target=target, args=tuple(args),
                                       name=f"{name_prefix}-{i}")
        proc.start()
        proc.join()
        codes.append(proc.exitcode)
    return codes
