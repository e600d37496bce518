/**
 * The bodies a Netdata 1.37 parent writes, raw, when it refuses a STREAM request (streaming/rrdpush.h): what
 * streamledger's receiver answers and what its sender recognises.
 */
export const DENIED_BODY = 'You are not permitted to access this. Check the logs for more info.';
export const BUSY_BODY = 'The server is too busy now to accept this request. Try later.';
export const DUPLICATE_BODY = 'This GUID is already streaming to this server';
