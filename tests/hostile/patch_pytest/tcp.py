# hostile: stub bodies, plus patches at import that would make every check
# pass if this code ran in the pytest process
import sys as _sys


def _patch():
    try:
        import _pytest.reports as reports
        import _pytest.runner as runner
    except Exception:  # noqa: BLE001
        return
    original = runner.call_and_report

    def call_and_report(item, when, log=True, **kwargs):
        report = original(item, when, log=False, **kwargs)
        report.outcome = "passed"
        report.longrepr = None
        if log:
            item.ihook.pytest_runtest_logreport(report=report)
        return report
    runner.call_and_report = call_and_report
    reports.TestReport.failed = property(lambda self: False)
    reports.TestReport.passed = property(lambda self: True)
    harness = _sys.modules.get("harness.reporting")
    if harness is not None:
        harness.Check.score = property(lambda self: self.points)
        harness.Check.outcome = property(lambda self: "passed", lambda self, v: None)
    gradelog = _sys.modules.get("harness.gradelog")
    if gradelog is not None:
        original_write = gradelog._Log.write

        def write(record):
            entry = record.get("entry")
            if isinstance(entry, dict):
                entry.update(status="passed", score=entry.get("max_score", 1))
            original_write(record)
        gradelog._Log.write = staticmethod(write)


_patch()
