import type { HostSettings, LoadedConfig, StreamDestination } from '../config';
import { SimplePattern } from '../config/simple-pattern';
import { parseDestinations } from '../config/stream-destination';
import type { Host } from '../hosts/host';
import type { Logger } from '../log';
import { CAP } from '../net/capabilities';
import type { StreamRequest } from '../net/stream-request';
import { certificateAuthorities } from './connect';
import { senderRequest } from './handshake';
import { HostSender } from './host-sender';

/**
 * The sender of a host whose receiving session starts, when its settings proxy it (`proxy enabled`, a destination
 * and an api key, from [stream] unless its key or machine section says otherwise), already connecting; null when
 * they do not. `req` is the child's STREAM request: the host goes upstream as it announced itself.
 *
 * GAPS is offered upstream (a streamledger parent then asks with REPLICATE, answered from the event log) unless the
 * child negotiated 1.37 REPLICATION (`childCaps`) and the host keeps points: the points such a child replicates are
 * stored values, which only REPLAY_CHART answers (from the projection) carry upstream.
 */
export function startHostSender(
  host: Host, req: StreamRequest, settings: HostSettings, childCaps: number, config: LoadedConfig, logger: Logger,
): HostSender | null {
  const proxy = settings.proxy;
  if (!proxy.enabled) return null;
  const stream = config.stream.sender;
  let destinations: StreamDestination[];
  try {
    destinations = parseDestinations(proxy.destination, stream.defaultPort);
  } catch (err) {
    logger.error(`STREAM ${host.hostname} [send]: cannot send to proxy destination '${proxy.destination}': ${(err as Error).message}`);
    return null;
  }
  if (!destinations.length) return null;
  const updateEvery = settings.updateEvery ?? (req.updateEvery || config.parent.updateEvery);
  const ssl = destinations.some((d) => d.ssl);
  const offerGaps = host.log !== null && !(childCaps & CAP.REPLICATION && host.projection.storage !== null);
  const sender = new HostSender(
    {
      hostname: host.hostname,
      projection: host.projection,
      request: senderRequest(proxy.apiKey, req, updateEvery, offerGaps),
      destinations,
      destinationText: proxy.destination.trim(),
      sendChartsMatching: new SimplePattern(proxy.sendChartsMatching),
      timeoutSeconds: stream.timeoutSeconds,
      bufferSizeBytes: stream.bufferSizeBytes,
      reconnectDelaySeconds: stream.reconnectDelaySeconds,
      // a host whose child is gone replicates nothing from below
      replicatingFromBelow: (chartId) => host.receiver?.chartReplicating(chartId) ?? false,
      eventLog: offerGaps ? host.log : null,
      tls: {
        skipVerification: stream.sslSkipCertificateVerification,
        ca: ssl ? certificateAuthorities(stream.caFile, stream.caPath, (msg) => logger.error(msg)) : undefined,
      },
    },
    logger,
  );
  sender.start();
  return sender;
}
