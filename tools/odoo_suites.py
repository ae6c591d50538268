#!/usr/bin/env python3.7
"""Run Odoo's own test suites against a database and compare runs (used by bin/test-odoo-suites).

  odoo_suites.py run -c odoo.conf -d DB --out RESULT.json [--modules base,mail,...] [odoo options]
      Loads the database's full registry (every installed module, ours included), serves HTTP
      on a free port for HttpCase tests, then runs each listed module's tests, at_install and
      post_install alike, the way Odoo's run_unit_tests selects them (the test_* modules that
      the addon's tests/__init__.py imports). Writes each test's outcome to RESULT.json.
  odoo_suites.py compare --plain PLAIN.json --ours OURS.json --baseline FILE
      Prints the summary; exits 1 when ours has failures that neither plain nor the baseline has.
  odoo_suites.py record --plain PLAIN.json --baseline FILE
      Writes the plain run's failures into the baseline file, grouped by reason.

Why every test runs post-install: Odoo 11 runs at_install tests while the module is being
installed, before any module that depends on it is loaded. At that point our addons' Python code
(record-rule logic, overrides) is not in the registry, so those tests would prove nothing about
living together with our addons; running them in the complete registry does.
"""
import argparse
import collections
import json
import os
import re
import socket
import sys
import threading
import time
import traceback
import unittest

MODULES = ['base', 'mail', 'sales_team', 'crm', 'sale', 'survey', 'portal', 'contacts']

# Reasons for baseline groups, first match wins (pattern searched in the failure text).
REASONS = [
    (r'PhantomJS|phantomjs', 'PhantomJS is not installed (Odoo 11 JS tours need it)'),
    (r"Unable to send email, please configure the sender's email address",
     "base's at_install test run with mail installed: a user without an e-mail address creates a"
     " partner and mail's chatter message needs a sender address"),
    (r"'binding_model_id'.*is not false",
     "base's at_install test run with crm, mail and survey installed: their actions bound to"
     " res.partner (merge, mass mailing, survey mailing) are not expected"),
    (r'(Max retries exceeded|NewConnectionError|Name or service not known|Temporary failure in name'
     r' resolution|getaddrinfo|Network is unreachable|timed out)',
     'needs network access or an external service'),
    (r'=\?utf-8\?b\?', "mail's tests expect a Reply-To made of the company name unencoded; a Chinese"
     " company name (our users', and our demo company's, which the plain run is given too) is"
     " encoded by mail as RFC 2047 asks"),
    (r'wkhtmltopdf', 'wkhtmltopdf is not installed'),
    (r'chart of account|account\.account', 'needs a chart of accounts'),
]


def free_port():
    """Return a TCP port nobody listens on now, so parallel runs and servers do not collide."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_id(test):
    """Stable id of a test; subtests and class/module fixtures map to their test case."""
    if isinstance(test, unittest.TestCase):
        inner = getattr(test, 'test_case', None)  # unittest's _SubTest
        return (inner or test).id()
    # unittest's _ErrorHolder: "setUpClass (odoo.addons.x.tests.test_y.Class)"
    desc = str(getattr(test, 'description', test))
    match = re.match(r'^(\w+) \((.+)\)$', desc)
    return '%s.%s' % (match.group(2), match.group(1)) if match else desc


class CollectingResult(unittest.TextTestResult):
    """Text result that also records every outcome with its test id and traceback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = []
        self._started = None

    def startTest(self, test):
        self._started = time.time()
        super().startTest(test)

    def _record(self, test, outcome, err=None, reason=None):
        detail = reason
        if err is not None:
            detail = ''.join(traceback.format_exception(*err))
        self.outcomes.append({
            'id': test_id(test), 'outcome': outcome, 'detail': detail,
            'seconds': round(time.time() - (self._started or time.time()), 2),
        })

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, 'passed')

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, 'failed', err)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, 'error', err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, 'skipped', reason=reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, 'passed')

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, 'failed', reason='unexpected success')

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._record(subtest, 'failed' if failed else 'error', err)


def cmd_run(args, odoo_args):
    """Load the registry, serve HTTP, run the modules' tests, write the outcomes."""
    port = free_port()
    import odoo
    from odoo.tools import config
    config.parse_config(['-c', args.config, '-d', args.database, '--test-enable',
                         '--max-cron-threads=0', '--workers=0', '--http-port=%d' % port,
                         '--http-interface=127.0.0.1'] + odoo_args)
    # odoo.tests.common reads the port at import time: import it only now.
    import odoo.tests.common  # noqa: F401
    from odoo.modules import module as odoo_module
    from odoo.service import server as odoo_server

    odoo_server.load_server_wide_modules()
    odoo.service.wsgi_server._patch_xmlrpc_marshaller()
    httpd = odoo_server.ThreadedServer(odoo.service.wsgi_server.application)
    httpd.http_spawn()
    odoo_server.server = httpd

    t0 = time.time()
    with odoo.api.Environment.manage():
        registry = odoo.registry(args.database)
    installed = set(registry._init_modules)
    print('Registry of %s loaded in %.0f s (%d modules); HTTP on port %d'
          % (args.database, time.time() - t0, len(installed), port), flush=True)

    results = {'database': args.database, 'modules': {}, 'tests': []}
    for module in args.modules.split(','):
        started = time.time()
        if module not in installed:
            print('%s is not installed in %s' % (module, args.database), file=sys.stderr)
            sys.exit(2)
        tests_before = len(results['tests'])
        for position in (odoo_module.runs_at_install, odoo_module.runs_post_install):
            for mod in odoo_module.get_test_modules(module):
                tests = odoo_module.unwrap_suite(unittest.TestLoader().loadTestsFromModule(mod))
                suite = unittest.TestSuite(t for t in tests if position(t))
                if not suite.countTestCases():
                    continue
                odoo_module.current_test = module
                threading.currentThread().testing = True
                try:
                    with odoo.api.Environment.manage():
                        runner = unittest.TextTestRunner(
                            verbosity=2, resultclass=CollectingResult,
                            stream=odoo_module.TestStream(mod.__name__))
                        result = runner.run(suite)
                finally:
                    threading.currentThread().testing = False
                    odoo_module.current_test = None
                for outcome in result.outcomes:
                    outcome['suite'] = module
                results['tests'].extend(result.outcomes)
        count = collections.Counter(t['outcome'] for t in results['tests'][tests_before:])
        results['modules'][module] = {'seconds': round(time.time() - started), 'counts': count}
        print('%-10s %4d passed, %3d failed, %3d errors, %3d skipped in %4.0f s' % (
            module, count['passed'], count['failed'], count['error'], count['skipped'],
            time.time() - started), flush=True)
    results['seconds'] = round(time.time() - t0)
    with open(args.out, 'w') as fh:
        json.dump(results, fh, indent=1)
    httpd.httpd.shutdown() if getattr(httpd, 'httpd', None) else None
    # Exit hard: Odoo's daemon threads and registry would otherwise delay the exit.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def load_baseline(path):
    """Failing test ids of the baseline file: one id a line, '#' comments and blanks ignored."""
    ids = set()
    if os.path.exists(path):
        with open(path) as fh:
            for line in fh:
                line = line.split('#', 1)[0].strip()
                if line:
                    ids.add(line)
    return ids


def failures(run):
    """Failing test ids of a run, mapped to their first traceback."""
    found = {}
    for test in run['tests']:
        if test['outcome'] in ('failed', 'error'):
            found.setdefault(test['id'], test['detail'] or '')
    return found


def last_line(detail):
    """The exception line of a traceback, for a one-line summary."""
    lines = [l for l in (detail or '').strip().splitlines() if l.strip()]
    return lines[-1].strip()[:300] if lines else ''


def short_traceback(detail, limit=8):
    """The test's own frame and the innermost frames of a traceback: enough to locate the cause."""
    lines = (detail or '').rstrip().splitlines()
    test_frames = [i for i, l in enumerate(lines)
                   if re.search(r'File ".*/odoo/addons/\w+/tests/', l)]
    keep = lines[-limit:]
    if test_frames and test_frames[-1] < len(lines) - limit:
        i = test_frames[-1]
        keep = lines[i:i + 2] + ['  ...'] + keep
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    keep = [re.sub(r'File ".*?/site-packages/', 'File "', l).replace(root, '') for l in keep]
    return '\n'.join('        ' + l for l in keep)


def cmd_compare(args):
    plain = {'modules': {}, 'tests': [], 'seconds': None}
    if args.plain:
        with open(args.plain) as fh:
            plain = json.load(fh)
    with open(args.ours) as fh:
        ours = json.load(fh)
    baseline = load_baseline(args.baseline)
    plain_failed, ours_failed = failures(plain), failures(ours)

    print('\nOdoo test suites, plain Odoo 11 vs. with our addons (%s)' % args.ours)
    def cell(counts):
        if counts is None:
            return '-'
        return '%d / %d / %d' % (counts.get('passed', 0), counts.get('failed', 0) + counts.get('error', 0),
                                 counts.get('skipped', 0))

    print('%-11s %22s   %22s' % ('suite', 'plain: pass/fail/skip', 'ours: pass/fail/skip'))
    for module in ours['modules']:
        print('%-11s %22s   %22s' % (module, cell(plain['modules'].get(module, {}).get('counts')),
                                     cell(ours['modules'][module]['counts'])))
    if args.plain:
        print('run time: plain %s s, ours %s s' % (plain.get('seconds'), ours.get('seconds')))
    else:
        print('run time: ours %s s (no plain run: compared with the baseline only)' % ours.get('seconds'))

    new = sorted(set(ours_failed) - set(plain_failed) - baseline)
    fixed = sorted(t for t in baseline | set(plain_failed) if t not in ours_failed
                   and any(r['id'] == t and r['outcome'] == 'passed' for r in ours['tests']))
    excused_by_plain = sorted(set(ours_failed) & (set(plain_failed) - baseline))
    stale = sorted(set(plain_failed) - baseline)
    if excused_by_plain:
        print('\nFailing in both runs but not in the baseline (excused by the plain run; '
              're-record the baseline if they are permanent):')
        for t in excused_by_plain:
            print('  %s\n      %s' % (t, last_line(ours_failed[t])))
    elif stale:
        print('\nFailing on plain Odoo but not in the baseline: %s' % ', '.join(stale))
    if fixed:
        print('\nKnown failures that pass with our addons (%d):' % len(fixed))
        for t in fixed:
            print('  ' + t)
    if new:
        print('\nNEW FAILURES with our addons (%d), not on plain Odoo nor in %s:'
              % (len(new), os.path.relpath(args.baseline)))
        for t in new:
            print('  %s\n%s\n' % (t, short_traceback(ours_failed[t])))
    else:
        print('\nNo new failures: every failure with our addons also happens on plain Odoo 11.')
    counts = collections.Counter(t['outcome'] for t in ours['tests'])
    known = len(set(ours_failed) - set(new))
    summary = '%d passed, %d failed' % (counts['passed'], len(new))
    extras = []
    if known:
        extras.append('%d known failures' % known)
    if counts['skipped']:
        extras.append('%d skipped' % counts['skipped'])
    print('=' * 20 + ' %s ' % ', '.join([summary] + extras) + '=' * 20)
    return 1 if new else 0


def reason_of(detail):
    for pattern, reason in REASONS:
        if re.search(pattern, detail or ''):
            return reason
    return None


def cmd_record(args):
    with open(args.plain) as fh:
        plain = json.load(fh)
    # Keep reasons written by hand for ids that still fail.
    old_reason = {}
    if os.path.exists(args.baseline):
        reason = None
        with open(args.baseline) as fh:
            for line in fh:
                line = line.rstrip('\n')
                if line.startswith('## '):
                    reason = line[3:].strip()
                elif line.strip() and not line.startswith('#'):
                    old_reason[line.split('#', 1)[0].strip()] = reason
    groups = collections.OrderedDict()
    current = failures(plain)
    # A run of some suites keeps the recorded failures of the other suites.
    for tid, reason in old_reason.items():
        suite = re.match(r'odoo\.addons\.(\w+)\.', tid)
        if suite and suite.group(1) not in plain['modules'] and tid not in current:
            groups.setdefault(reason or 'recorded earlier', []).append(tid)
    for tid, detail in sorted(current.items()):
        reason = old_reason.get(tid) or reason_of(detail) or 'fails on plain Odoo 11: %s' % last_line(detail)
        groups.setdefault(reason, []).append(tid)
    with open(args.baseline, 'w') as fh:
        fh.write('# Tests of Odoo 11\'s %s that fail on plain Odoo 11\n'
                 '# (without our addons) on this project\'s platform, with every test run in the\n'
                 '# complete registry (at_install ones too). Written by\n'
                 '# `bin/test-odoo-suites --record-baseline`; read by `bin/test-odoo-suites`, which\n'
                 '# fails only on failures that are neither here nor in its own plain run.\n'
                 '# One test id a line; a "## " line gives the reason of the ids below it (edit it\n'
                 '# freely: re-recording keeps it). Skipped tests are not failures and are not\n'
                 '# listed (the JS tours skip themselves: PhantomJS is not installed).\n'
                 % ', '.join(MODULES))
        for reason, ids in groups.items():
            fh.write('\n## %s\n' % reason)
            for tid in ids:
                fh.write(tid + '\n')
        if not groups:
            fh.write('\n# (no failures)\n')
    print('Recorded %d failing tests in %d groups into %s'
          % (sum(map(len, groups.values())), len(groups), args.baseline))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command')
    run = sub.add_parser('run')
    run.add_argument('-c', '--config', required=True)
    run.add_argument('-d', '--database', required=True)
    run.add_argument('--out', required=True)
    run.add_argument('--modules', default=','.join(MODULES))
    compare = sub.add_parser('compare')
    compare.add_argument('--plain', help='without it, ours is compared with the baseline only')
    compare.add_argument('--ours', required=True)
    compare.add_argument('--baseline', required=True)
    record = sub.add_parser('record')
    record.add_argument('--plain', required=True)
    record.add_argument('--baseline', required=True)
    args, rest = parser.parse_known_args()
    if args.command == 'run':
        return cmd_run(args, rest)
    if rest:
        parser.error('unknown arguments: %s' % ' '.join(rest))
    if args.command == 'compare':
        return cmd_compare(args)
    if args.command == 'record':
        return cmd_record(args)
    parser.print_help()
    return 2


if __name__ == '__main__':
    sys.exit(main())
