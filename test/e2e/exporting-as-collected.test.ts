import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { collectedValue, loadCharts } from '../../scripts/lib/loadgen-model';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { HEALTH_OFF, startParent, type ParentProcess } from '../helpers/parent';

const SECONDS = 14;
const CHARTS = 10; // chart 9 is lg_big.counter9: one dimension near 2^63, one above 2^53
const HOST = 'raw-0';

describe('exporting as collected from a host kept in memory mode none ([backend], opentsdb telnet, ids)', () => {
  let parent: ParentProcess | undefined;
  let sink: net.Server | undefined;
  after(async () => {
    await parent?.dispose();
    sink?.close();
  });

  it('sends each collected 64-bit integer once, exactly as the child sent it, at the second it was collected', async () => {
    let received = '';
    sink = net.createServer((s) => s.on('data', (d) => (received += d)));
    await new Promise<void>((r) => sink!.listen(0, '127.0.0.1', r));
    const port = (sink.address() as net.AddressInfo).port;
    parent = await startParent({
      parentConfExtra: `${HEALTH_OFF}[backend]\n    enabled = yes\n    type = opentsdb\n    destination = 127.0.0.1:${port}\n    data source = as collected\n` +
        `    update every = 1\n    send names instead of ids = no\n    send hosts matching = ${HOST}\n`,
      streamConf: `[${DEFAULT_API_KEY}]\n    enabled = yes\n    allow from = *\n    default memory mode = none\n`,
    });
    await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: CHARTS, dims: 2, seconds: SECONDS, hostnamePrefix: 'raw' });
    await new Promise((r) => setTimeout(r, 2500));

    // no points are kept: the data API has nothing, yet every collected value went out
    assert.equal((await parent.get(`/host/${HOST}/api/v1/data?chart=system.cpu&after=-10`)).status, 404);
    const lines = received.split("\n").filter(Boolean);
    const seen = new Set<string>();
    let exact = 0;
    let above53 = 0;
    for (const c of loadCharts(CHARTS, 2)) {
      for (const [j, d] of c.dims.entries()) {
        const metric = `netdata.${c.def.id}.${d.def.id}`;
        const mine = lines.filter((l) => l.startsWith(`put ${metric} `));
        assert.ok(mine.length >= SECONDS - 4, `${metric}: ${mine.length} values`);
        for (const l of mine) {
          const m = /^put (\S+) (\d+) (-?\d+) host=(\S+)$/.exec(l);
          assert.ok(m, `an opentsdb put line with an integer value: ${l}`);
          assert.equal(m[4], HOST);
          const ts = Number(m[2]);
          // the value the child collected at the second it arrived (the load generator sends second t during t)
          const t = [ts, ts - 1, ts + 1].find((x) => String(collectedValue(0, c.index, j, x)) === m[3]);
          assert.ok(t !== undefined, `${l}: not a value the child collected around ${ts}`);
          assert.ok(!seen.has(`${metric} ${t}`), `${metric}: the value of ${t} sent twice`);
          seen.add(`${metric} ${t}`);
          exact++;
          if (BigInt(m[3]) > 2n ** 53n) above53++;
        }
      }
    }
    assert.ok(above53 >= 2 * (SECONDS - 4), `${above53} values above 2^53 sent exactly`);
    console.log(`# ${exact} collected values exported exactly once each (${above53} above 2^53), ${lines.length} lines`);
  });
});
