import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDuration } from '../../src/health/config/durations';
import { readHealthText } from '../../src/health/config/health-file';
import { loadHealthConfig, summarizeProblems } from '../../src/health/config/load-health-config';
import { parseEntry } from '../../src/health/config/parse-entry';
import { parseLookup } from '../../src/health/config/parse-lookup';

const STOCK = '/usr/lib/netdata/conf.d/health.d';

describe('health.d files', () => {
  it('reads entries as Netdata does: trimmed lines, comments, backslash continuations, and reports what it skips', () => {
    const text = [
      '# a comment',
      ' template: cpu_usage',
      '       on: system.cpu',
      '   lookup: average -10m \\',
      '           unaligned of user,system',
      'no colon here',
      '    units:',
      '    EVERY: 1m',
      '    alarm: ram_in_use',
      '       on: system.ram',
    ].join('\n');
    const { entries, problems } = readHealthText(text, 'x.conf');
    assert.deepEqual(entries.map((e) => [e.kind, e.name, e.line]), [['template', 'cpu_usage', 2], ['alarm', 'ram_in_use', 9]]);
    assert.deepEqual(entries[0].keys, [
      { key: 'on', value: 'system.cpu', line: 3 },
      { key: 'lookup', value: 'average -10m unaligned of user,system', line: 5 },
      { key: 'every', value: '1m', line: 8 },
    ]);
    assert.deepEqual(problems.map((p) => [p.line, p.message]), [
      [6, "invalid line: it does not contain a ':'; ignoring it"],
      [7, 'invalid line: the value is empty; ignoring it'],
    ]);
  });

  it('parses durations with config_parse_duration\'s units', () => {
    const cases: Array<[string, number | null]> = [['10', 10], ['-10m', -600], ['1h', 3600], ['1.5m', 90], ['2d', 172800], ['1w', 604800], ['1M', 2592000], ['1Y', 31536000], ['never', 0], ['x1', null], ['', null]];
    for (const [text, want] of cases) assert.equal(parseDuration(text), want, text);
  });

  it('parses lookups: method, after, at, every, options, of and foreach', () => {
    const a = parseLookup('average -10m unaligned of user,system,softirq,irq,guest');
    assert.deepEqual(a.problems, []);
    assert.equal(a.lookup!.grouping.kind, 'average');
    assert.deepEqual([a.lookup!.after, a.lookup!.before, a.lookup!.every, a.lookup!.dimensions, a.lookup!.foreach], [-600, 0, 600, 'user,system,softirq,irq,guest', null]);
    assert.equal(a.lookup!.options.unaligned, true);
    const b = parseLookup('max -1m at -10s every 5s absolute match-names percentage of in out foreach *');
    assert.deepEqual([b.lookup!.after, b.lookup!.before, b.lookup!.every, b.lookup!.dimensions, b.lookup!.foreach], [-60, -10, 5, 'in out', '*']);
    assert.deepEqual(b.lookup!.options, { absolute: true, min2max: false, null2zero: false, percentage: true, unaligned: false, matchIds: false, matchNames: true });
    assert.equal(parseLookup('sum -5m of all').lookup!.dimensions, null);
    assert.equal(parseLookup('incremental-sum -5m').lookup!.grouping.kind, 'incremental_sum');
    assert.deepEqual(parseLookup('bogus -1m').problems, ["invalid group method 'bogus'"]);
    assert.deepEqual(parseLookup('average').problems, ["invalid chart calculation: expected group method followed by the 'after' time, but got 'average'"]);
    assert.deepEqual(parseLookup('average -1m sideways').problems, ["unknown keyword 'sideways'"]);
  });

  it('parses an entry: delay, repeat, options, and drops one without frequency or anything to compute', () => {
    const entry = (keys: Array<[string, string]>) =>
      ({ kind: 'template' as const, name: 'x', file: 'f.conf', line: 1, keys: keys.map(([key, value], i) => ({ key, value, line: i + 2 })) });
    const ok = parseEntry(entry([['on', 'system.cpu'], ['lookup', 'average -10m of user'], ['every', '1m'], ['delay', 'down 15m multiplier 1.5 max 1h'],
      ['repeat', 'warning 2h critical 30m'], ['options', 'no-clear-notification'], ['units', '"%"'], ['green', '80'], ['warn', '$this > 1']]));
    assert.deepEqual(ok.problems, []);
    const d = ok.definition!;
    assert.deepEqual([d.every, d.delay, d.repeat, d.noClearNotification, d.units.trim(), d.green], [60, { up: 0, down: 900, multiplier: 1.5, max: 3600 }, { warning: 7200, critical: 1800 }, true, '%', 80]);
    assert.deepEqual(parseEntry(entry([['on', 'a.b'], ['calc', '1'], ['every', '10s'], ['delay', 'up 1m down 5m']])).definition!.delay, { up: 60, down: 300, multiplier: 1, max: 300 });
    assert.equal(parseEntry(entry([['on', 'a.b'], ['calc', '1']])).definition, null);
    assert.equal(parseEntry(entry([['on', 'a.b'], ['every', '10s']])).definition, null);
    const bad = parseEntry(entry([['on', 'a.b'], ['every', '10s'], ['warn', '$this >'], ['crit', '$this > 2'], ['shiny', 'yes']]));
    assert.ok(bad.definition && bad.definition.warn === null && bad.definition.crit !== null);
    assert.deepEqual(bad.problems.map((p) => p.line), [4, 6]);
    assert.match(bad.problems[0].message, /^template 'x' at key 'warn' has unparse-able expression '\$this >': /);
    assert.equal(bad.problems[1].message, "template 'x' has unknown key 'shiny'");
  });

  it('lets a user file replace the stock file of the same name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-health-'));
    try {
      fs.mkdirSync(path.join(dir, 'stock'));
      fs.mkdirSync(path.join(dir, 'user'));
      fs.writeFileSync(path.join(dir, 'stock', 'a.conf'), 'alarm: stock_a\non: x.y\ncalc: 1\nevery: 1s\n');
      fs.writeFileSync(path.join(dir, 'stock', 'b.conf'), 'alarm: stock_b\non: x.y\ncalc: 1\nevery: 1s\n');
      fs.writeFileSync(path.join(dir, 'user', 'a.conf'), 'alarm: user_a\non: x.y\ncalc: 1\nevery: 1s\n');
      const c = loadHealthConfig({ stockDir: path.join(dir, 'stock'), userDir: path.join(dir, 'user') });
      assert.deepEqual(c.definitions.map((d) => d.name), ['user_a', 'stock_b']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads every stock health.d file of Netdata 1.37.1', (t) => {
    if (!fs.existsSync(STOCK)) return t.skip(`${STOCK} is not here (Debian's netdata-core installs it)`);
    const c = loadHealthConfig({ stockDir: STOCK });
    console.log(`# ${c.files.length} files: ${c.alarms} alarms, ${c.templates} templates, ${c.dropped} dropped, ${c.problems.length} lines not honoured`);
    for (const line of summarizeProblems(c.problems)) console.log(`#   ${line}`);
    assert.equal(c.files.length, fs.readdirSync(STOCK).filter((f) => f.endsWith('.conf')).length);
    assert.ok(c.files.length >= 76, `${c.files.length} files`);
    assert.equal(c.dropped, 0, JSON.stringify(c.problems.slice(0, 5)));
    assert.ok(c.alarms + c.templates >= 280, `${c.alarms} alarms and ${c.templates} templates`);
    const notParsed = c.problems.filter((p) => /unparse-able|unknown key|invalid/.test(p.message));
    assert.deepEqual(notParsed, []);
  });
});
